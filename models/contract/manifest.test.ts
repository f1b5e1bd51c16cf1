import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { manifestSchema } from '../../runtime/core/manifest.ts';

const shipped = JSON.parse(readFileSync('models/default/manifest.json', 'utf8'));

describe('wm/1 manifest: a starting picture', () => {
  it('the default world takes a 64x48 picture', () => {
    const m = manifestSchema.parse(shipped);
    expect(m.init?.inputs).toContain('image');
    expect(m.init?.image).toEqual({ width: 64, height: 48 });
  });

  it('"image" without its size is refused, saying what to add', () => {
    const r = manifestSchema.safeParse({ ...shipped, init: { file: 'init.onnx', inputs: ['seed', 'image'] } });
    expect(r.success).toBe(false);
    expect(z.prettifyError(r.error!)).toMatch(/init takes "image": give init.image \{ width, height \}/);
  });
});
