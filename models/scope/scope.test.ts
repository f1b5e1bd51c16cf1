/** The Scope backend's pure parts: its manifest, the controls mapping, the SDP patch, the backend choice. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralConditions } from '../../runtime/core/signals.ts';
import { chooseBackend } from '../backends.ts';
import { ModelLoadError } from '../contract/errors.ts';
import { CtrlInput, heldKeys, mouseDelta, promptChange } from './controls.ts';
import { readScopeFolder, scopeSpecSchema } from './manifest.ts';
import { patchAnswerSdp } from './sdp.ts';
import { scaleRgba } from './session.ts';

async function folder(manifest: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-scope-unit-'));
  await writeFile(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
}

const BASE = {
  format: 'wm/1',
  name: 'waypoint-on-scope',
  fps: 20,
  width: 640,
  height: 360,
  style: {
    default: 'forest',
    presets: { forest: { keywords: ['trees'], prompt: 'a pine forest' }, city: { prompt: 'a rainy city' } },
  },
  scope: { url: 'http://10.0.0.5:8000/', pipeline: 'waypoint', keys: { jump: 'Space' } },
};

describe('Scope model folder', () => {
  it('reads as a wm/1 manifest: axes and the verbs it has keys for, presets as names, no state', async () => {
    const f = await readScopeFolder(await folder(BASE));
    expect(f.spec).toMatchObject({
      url: 'http://10.0.0.5:8000',
      pipeline: 'waypoint',
      ctrlInput: true,
      transitionSteps: 4,
      frameTimeoutMs: 3000,
    });
    expect(f.manifest.actions.map((a) => a.condition)).toEqual([
      'move[0]',
      'move[1]',
      'look[0]',
      'look[1]',
      'actions.jump',
    ]);
    expect(Object.keys(f.manifest.style!.presets)).toEqual(['forest', 'city']);
    expect(f.manifest.state).toEqual({});
    expect(f.prompts).toEqual({ forest: 'a pine forest', city: 'a rainy city' });
  });

  it('names the file and each problem', async () => {
    const bad = {
      ...BASE,
      style: { ...BASE.style, default: 'beach' },
      scope: { url: 'grpc://x:1', pipeline: '', keys: { jump: 'space bar' } },
    };
    const err = await readScopeFolder(await folder(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/manifest\.json: /);
    for (const p of [
      'scope.url: expected "http://host:port"',
      'scope.pipeline',
      'scope.keys.jump: expected a W3C key code',
      'style.default: "beach" is not a preset',
    ]) {
      expect(msg).toContain(p);
    }
    await expect(readScopeFolder(await folder('{"format": "wm/1",'))).rejects.toThrow(/invalid JSON/);
  });

  it('is run by the scope backend (a folder with model.onnx or a remote entry is not)', async () => {
    expect((await chooseBackend(await folder(BASE))).kind).toBe('scope');
    expect((await chooseBackend('models/default-remote')).kind).toBe('remote');
    expect((await chooseBackend('models/default-320x180')).kind).toBe('onnx');
  });
});

describe('conditions to ctrl_input', () => {
  const spec = scopeSpecSchema.parse({
    url: 'http://h:8000',
    pipeline: 'p',
    keys: { jump: 'Space', sprint: 'ShiftLeft' },
  });
  const c = (over: object) => ({ ...neutralConditions(), ...over });

  it('move holds W A S D past half way; verbs hold their keys', () => {
    expect(heldKeys(c({ move: [0, 1] }), spec.keys)).toEqual(['KeyW']);
    expect(heldKeys(c({ move: [-0.7, -0.7] }), spec.keys)).toEqual(['KeyA', 'KeyS']);
    expect(heldKeys(c({ move: [0.4, 0.3] }), spec.keys)).toEqual([]);
    expect(heldKeys(c({ move: [1, 0], actions: { jump: true, sprint: 0.2 } }), spec.keys)).toEqual(['KeyD', 'Space']);
  });

  it('look becomes mouse deltas for the step: right and down positive', () => {
    expect(mouseDelta(c({ look: [1, 0] }), 0.05, 400)).toEqual([20, -0]);
    expect(mouseDelta(c({ look: [0, 1] }), 0.1, 400)).toEqual([0, -40]);
    expect(mouseDelta(c({ look: [Number.NaN, 0] }), 0.1, 400)).toEqual([0, -0]);
  });

  it('sends keys when they change and mouse while it moves, nothing while nothing changes; release lets go', () => {
    const ctrl = new CtrlInput(spec);
    expect(ctrl.step(c({}), 0.05)).toBeUndefined();
    expect(ctrl.step(c({ move: [0, 1] }), 0.05)).toEqual({ ctrl_input: { button: ['KeyW'], mouse: [0, -0] } });
    expect(ctrl.step(c({ move: [0, 1] }), 0.05)).toBeUndefined();
    expect(ctrl.step(c({ move: [0, 1], look: [0.5, 0] }), 0.05)).toEqual({
      ctrl_input: { button: ['KeyW'], mouse: [10, -0] },
    });
    expect(ctrl.release()).toEqual({ ctrl_input: { button: [], mouse: [0, 0] } });
    expect(ctrl.release()).toBeUndefined();
    expect(new CtrlInput({ ...spec, ctrlInput: false }).step(c({ move: [0, 1] }), 0.05)).toBeUndefined();
  });

  it("a prompt change is a transition over transitionSteps, or the instruction's seconds at callsPerSecond", () => {
    expect(promptChange(spec, [{ text: 'snow', weight: 1 }])).toEqual({
      transition: {
        target_prompts: [{ text: 'snow', weight: 1 }],
        num_steps: 4,
        temporal_interpolation_method: 'linear',
      },
    });
    expect(promptChange({ ...spec, callsPerSecond: 5 }, [{ text: 'snow', weight: 0.5 }], 2).transition!.num_steps).toBe(
      10,
    );
  });
});

describe('answer SDP patch', () => {
  // aiortc's answer as Scope (aiortc >= 1.13) writes it: msid on the video SSRC, a cname only on its RTX
  const answer = [
    'v=0',
    'o=- 1 1 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic:WMS *',
    'm=video 9 UDP/TLS/RTP/SAVPF 97 98',
    'c=IN IP4 0.0.0.0',
    'a=sendonly',
    'a=mid:0',
    'a=ssrc-group:FID 1111 2222',
    'a=ssrc:1111 cname:abc',
    'a=ssrc:1111 msid:stream track',
    'a=ssrc:2222 cname:abc',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'a=mid:1',
    '',
  ].join('\r\n');

  it('gives each RTX SSRC the msid of the stream it repeats, once, and leaves the rest alone', () => {
    const patched = patchAnswerSdp(answer);
    const lines = patched.split('\r\n');
    expect(lines.filter((l) => l === 'a=ssrc:2222 msid:stream track')).toHaveLength(1);
    expect(lines.indexOf('a=ssrc:2222 msid:stream track')).toBe(lines.indexOf('a=ssrc:2222 cname:abc') + 1);
    expect(lines.length).toBe(answer.split('\r\n').length + 1);
    expect(patchAnswerSdp(patched)).toBe(patched);
  });

  it("takes the m-section's a=msid where the SSRCs have none (older aiortc)", () => {
    const old = answer.replace('a=ssrc:1111 msid:stream track\r\n', '').replace('a=mid:0', 'a=mid:0\r\na=msid:s1 t1');
    expect(patchAnswerSdp(old)).toContain('a=ssrc:2222 cname:abc\r\na=ssrc:2222 msid:s1 t1');
  });
});

describe('scaleRgba', () => {
  it('keeps a frame of the right size as it is and resizes another by nearest pixel', () => {
    const px = (r: number) => [r, 0, 0, 255];
    const src = { width: 2, height: 1, data: Uint8Array.from([...px(10), ...px(20)]), seq: 1 };
    expect(scaleRgba(src, 2, 1)).toBe(src.data);
    expect([...scaleRgba(src, 4, 2)].filter((_, i) => i % 4 === 0)).toEqual([10, 10, 20, 20, 10, 10, 20, 20]);
  });
});
