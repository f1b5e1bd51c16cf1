import { z } from 'zod';
import type { ModelState } from '../core/world-model.ts';

const DTYPES = ['float32', 'float16', 'int32', 'int64', 'uint8', 'int8', 'bool'] as const;

const fileSchema = z.object({
  format: z.literal('nacre-world-state/1'),
  savedAt: z.string(),
  state: z.object({
    model: z.string(),
    step: z.number().int().nonnegative(),
    style: z.string().optional(),
    tensors: z.record(
      z.string(),
      z.object({ dtype: z.enum(DTYPES), shape: z.array(z.number().int()), data: z.base64() }),
    ),
  }),
});

/** A world's state as a JSON file (tensors in base64): a bookmark in the state directory. */
export function encodeState(s: ModelState, savedAt = new Date()): string {
  const tensors = Object.fromEntries(
    Object.entries(s.tensors).map(([n, t]) => [
      n,
      { dtype: t.dtype, shape: t.shape, data: Buffer.from(t.data).toString('base64') },
    ]),
  );
  const state = { model: s.model, step: s.step, ...(s.style ? { style: s.style } : {}), tensors };
  return JSON.stringify({ format: 'nacre-world-state/1', savedAt: savedAt.toISOString(), state });
}

export function decodeState(text: string): { state: ModelState; savedAt: string } {
  const file = fileSchema.parse(JSON.parse(text));
  const tensors = Object.fromEntries(
    Object.entries(file.state.tensors).map(([n, t]) => {
      const bytes = Buffer.from(t.data, 'base64');
      const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      return [n, { dtype: t.dtype, shape: t.shape, data }];
    }),
  );
  const { style } = file.state;
  return {
    savedAt: file.savedAt,
    state: { model: file.state.model, step: file.state.step, ...(style ? { style } : {}), tensors },
  };
}
