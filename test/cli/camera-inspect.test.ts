/** `nacre camera inspect` on real footage and a real photo, through real ffmpeg and BlazeFace. */
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBlazeFace } from '../../drivers/camera/perception/assets.ts';
import { ASTRONAUT, VTEST } from '../../drivers/camera/perception/testing.ts';

function nacre(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'runtime/cli/index.ts', ...args], { timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });
}

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

beforeAll(() => ensureBlazeFace());

describe('nacre camera inspect', () => {
  it('prints a JSON line per frame: the pedestrians move, and presence follows', async () => {
    const r = await nacre([
      'camera',
      'inspect',
      VTEST,
      '--width',
      '320',
      '--height',
      '240',
      '--fps',
      '10',
      '--frames',
      '8',
    ]);
    expect(r.code).toBe(0);
    const frames = lines(r.out);
    expect(frames).toHaveLength(8);
    expect(frames.at(-1)).toMatchObject({ presence: true, faces: 0 });
    expect(Math.max(...frames.map((f) => f.motion))).toBeGreaterThan(0.001);
    expect(Object.keys(frames[0])).toEqual(
      expect.arrayContaining(['frame', 'motion:0', 'motion:5', 'face', 'face.size']),
    );
  });

  it('the astronaut photo: one face, upper middle', async () => {
    const r = await nacre(['camera', 'inspect', ASTRONAUT, '--frames', '1']);
    expect(r.code).toBe(0);
    const [f] = lines(r.out);
    expect(f.faces).toBe(1);
    expect(f['face.y']).toBeGreaterThan(0.4);
  });

  it('a source that is not there: a clear error and exit 1', async () => {
    const r = await nacre(['camera', 'inspect', '/no/such/clip.mp4']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/no\/such\/clip\.mp4: No such file or directory/);
  });
});
