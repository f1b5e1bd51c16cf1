import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from './core/log.ts';
import { checkSurfacePreview } from './surface-preview.ts';
import { SurfaceRecorder } from './surface-recorder.ts';

describe("a page-hosted world's recording and preview, as the runtime takes them", () => {
  it('writes the hosted travel in order; out-of-order, foreign, malformed and oversized pieces are dropped and counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nacre-rec-'));
    const r = new SurfaceRecorder(dir, silentLogger(), 10);
    r.piece({ id: 'a', seq: 1 }, Buffer.from('x'), 'a'); // no header piece yet
    r.piece({ id: 'a', seq: 0 }, Buffer.from('head'), 'a');
    r.piece({ id: 'a', seq: 2 }, Buffer.from('gap'), 'a');
    r.piece({ id: 'b', seq: 0 }, Buffer.from('other'), 'a');
    r.piece({ id: 'a', seq: 'one' }, Buffer.from('bad'), 'a');
    r.piece({ id: 'a', seq: 1 }, 'not binary', 'a');
    r.piece({ id: 'a', seq: 1 }, Buffer.from('too much for ten'), 'a');
    r.piece({ id: 'a', seq: 1 }, Buffer.from('tail'), 'a');
    expect(r.stats).toMatchObject({ dropped: 6, recording: expect.stringContaining('-a.webm') });
    await r.close();
    expect(r.stats).toEqual({ dropped: 6 });
    expect(r.files).toHaveLength(1);
    expect(readFileSync(r.files[0]!, 'utf8')).toBe('headtail');
  });

  it('a preview is a JPEG of the hosted surface, of a sane size', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    expect(checkSurfacePreview({ id: 's', width: 320, height: 180 }, jpeg, 's')).toHaveProperty('meta');
    expect(checkSurfacePreview({ id: 'old', width: 320, height: 180 }, jpeg, 's')).toEqual({
      refused: 'not the surface this page hosts now',
    });
    expect(checkSurfacePreview({ id: 's', width: 0, height: 180 }, jpeg, 's')).toHaveProperty('refused');
    expect(checkSurfacePreview({ id: 's', width: 32, height: 18 }, Buffer.from('GIF89a'), 's')).toEqual({
      refused: 'not a JPEG',
    });
    expect(checkSurfacePreview({ id: 's', width: 32, height: 18 }, Buffer.alloc(70_000, 0xff), 's')).toHaveProperty(
      'refused',
    );
    expect(checkSurfacePreview(null, jpeg, 's')).toHaveProperty('refused');
  });
});
