import { z } from 'zod';

/** wm/1 manifest.json: what a model folder promises about its graph (see models/README.md). */

const conditionPath = z
  .string()
  .regex(/^(move|look)\[[01]\]$|^actions\.[A-Za-z][\w-]*$/, 'expected "move[0|1]", "look[0|1]" or "actions.<verb>"');

export const actionSlotSchema = z
  .object({
    name: z.string().min(1),
    min: z.number(),
    max: z.number(),
    condition: conditionPath,
  })
  .refine((a) => a.min < a.max, { message: 'min must be below max' });

export const presetSchema = z.object({
  keywords: z.array(z.string().min(1)).default([]),
  values: z.array(z.number()),
});

const dtypeSchema = z.enum(['float32', 'float16', 'int32', 'int64', 'uint8', 'int8', 'bool']);
export type StateDtype = z.infer<typeof dtypeSchema>;

export const stateSchema = z.object({
  dtype: dtypeSchema,
  shape: z.array(z.number().int().positive()).min(1),
  slots: z.array(z.string()).optional(),
  /** initial value when there is no init.onnx: one number filling the tensor, or every element */
  init: z.union([z.number(), z.array(z.number())]).optional(),
});

export const manifestSchema = z
  .object({
    format: z.literal('wm/1'),
    name: z.string().min(1),
    description: z.string().optional(),
    fps: z.number().positive(),
    framesPerStep: z.number().int().positive().default(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    audio: z
      .object({
        rate: z.number().int().positive(),
        channels: z.number().int().positive(),
        samplesPerStep: z.number().int().positive(),
      })
      .optional(),
    actions: z.array(actionSlotSchema).min(1),
    perspectives: z.array(z.enum(['first', 'third'])).default(['first']),
    style: z
      .object({
        size: z.number().int().positive(),
        slots: z.array(z.string()).optional(),
        default: z.string(),
        transitionSeconds: z.number().nonnegative().optional(),
        presets: z.record(z.string(), presetSchema),
      })
      .optional(),
    state: z.record(z.string().regex(/^[\w-]+$/), stateSchema),
    stateBudgetBytes: z.number().int().positive(),
    init: z
      .object({
        file: z.string().min(1),
        inputs: z.array(z.enum(['seed', 'style', 'image'])).default(['seed']),
        /** with "image" in inputs: the size of the picture init.onnx takes (uint8 RGB [1, height, width, 3]) */
        image: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
      })
      .refine((i) => !i.inputs.includes('image') || i.image, { message: 'init takes "image": give init.image { width, height }', path: ['image'] })
      .optional(),
    build: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.style) {
      const { presets, size } = m.style;
      if (!(m.style.default in presets)) {
        ctx.addIssue({ code: 'custom', path: ['style', 'default'], message: `"${m.style.default}" is not a preset` });
      }
      for (const [name, p] of Object.entries(presets)) {
        if (p.values.length !== size) {
          ctx.addIssue({ code: 'custom', path: ['style', 'presets', name, 'values'], message: `has ${p.values.length} values, style.size is ${size}` });
        }
      }
    }
    for (const [name, s] of Object.entries(m.state)) {
      if (!m.init && s.init === undefined) {
        ctx.addIssue({ code: 'custom', path: ['state', name, 'init'], message: 'needed when the model has no init.onnx' });
      }
      const count = s.shape.reduce((a, b) => a * b, 1);
      if (Array.isArray(s.init) && s.init.length !== count) {
        ctx.addIssue({ code: 'custom', path: ['state', name, 'init'], message: `has ${s.init.length} values, shape holds ${count}` });
      }
    }
    const bytes = stateBytes(m.state);
    if (bytes > m.stateBudgetBytes) {
      ctx.addIssue({ code: 'custom', path: ['stateBudgetBytes'], message: `state takes ${bytes} bytes, over the budget of ${m.stateBudgetBytes}` });
    }
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type ActionSlot = z.infer<typeof actionSlotSchema>;
export type StateSpec = z.infer<typeof stateSchema>;

const DTYPE_BYTES: Record<StateDtype, number> = { float32: 4, float16: 2, int32: 4, int64: 8, uint8: 1, int8: 1, bool: 1 };

export function dtypeBytes(dtype: StateDtype): number {
  return DTYPE_BYTES[dtype];
}

export function stateBytes(state: Record<string, StateSpec>): number {
  return Object.values(state).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[s.dtype], 0);
}
