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

/** a model run by an inference server (KServe v2 gRPC, models/README.md "wm/1 over the Open Inference Protocol") */
export const remoteSchema = z.object({
  url: z.string().regex(/^grpcs?:\/\/[^/\s]+$/, 'expected "grpc://host:port" or "grpcs://host:port"'),
  model: z.string().min(1),
  version: z.string().optional(),
  /** grpcs://: a PEM file of the CA that signed the server's certificate (relative to the model folder) */
  caFile: z.string().min(1).optional(),
  /** the environment variable holding the bearer token (never the token itself) */
  tokenEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('NACRE_MODEL_TOKEN'),
  /** raw RGBA frames (a server on this machine) or JPEG (across a network) */
  frames: z.enum(['raw', 'jpeg']).default('raw'),
  jpegQuality: z.number().int().min(1).max(100).optional(),
  /** a step with no answer for this long fails the model (the keeper falls back and retries) */
  stepTimeoutMs: z.number().int().positive().default(2000),
  /** requests in flight ahead of the one being shown (hides the round trip); default: the host's lookahead */
  lookahead: z.number().int().min(0).max(8).optional(),
});

const manifestObject = z.object({
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
  /** the state tensors model.onnx carries; absent for a remote model (its state lives in the server) */
  state: z.record(z.string().regex(/^[\w-]+$/), stateSchema).optional(),
  stateBudgetBytes: z.number().int().positive().optional(),
  remote: remoteSchema.optional(),
  init: z
    .object({
      file: z.string().min(1),
      inputs: z.array(z.enum(['seed', 'style', 'image'])).default(['seed']),
      /** with "image" in inputs: the size of the picture init.onnx takes (uint8 RGB [1, height, width, 3]) */
      image: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
    })
    .refine((i) => !i.inputs.includes('image') || i.image, {
      message: 'init takes "image": give init.image { width, height }',
      path: ['image'],
    })
    .optional(),
  build: z.record(z.string(), z.unknown()).optional(),
});

export const manifestSchema = manifestObject
  .superRefine((m, ctx) => {
    checkStyle(m.style, ctx);
    checkState(m, ctx);
  })
  // ONNX code reads state as always present: a remote model carries none here
  .transform((m) => ({ ...m, state: m.state ?? {}, stateBudgetBytes: m.stateBudgetBytes ?? 0 }));

export type Manifest = z.infer<typeof manifestSchema>;
export type RemoteSpec = z.infer<typeof remoteSchema>;
export type ActionSlot = z.infer<typeof actionSlotSchema>;
export type StateSpec = z.infer<typeof stateSchema>;

const DTYPE_BYTES: Record<StateDtype, number> = {
  float32: 4,
  float16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  int8: 1,
  bool: 1,
};

export function dtypeBytes(dtype: StateDtype): number {
  return DTYPE_BYTES[dtype];
}

export function stateBytes(state: Record<string, StateSpec>): number {
  return Object.values(state).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[s.dtype], 0);
}

type Issues = z.core.$RefinementCtx;
type RawManifest = z.output<typeof manifestObject>;

function issue(ctx: Issues, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function checkStyle(style: RawManifest['style'], ctx: Issues): void {
  if (!style) return;
  if (!(style.default in style.presets)) issue(ctx, ['style', 'default'], `"${style.default}" is not a preset`);
  for (const [name, p] of Object.entries(style.presets)) {
    const count = p.values.length;
    if (count !== style.size)
      issue(ctx, ['style', 'presets', name, 'values'], `has ${count} values, style.size is ${style.size}`);
  }
}

/** an ONNX model carries its state in the graph (and within its budget); a remote one keeps it in the server */
function checkState(m: RawManifest, ctx: Issues): void {
  if (m.remote) {
    if (m.state) issue(ctx, ['state'], 'a remote model keeps its state in the server: remove "state"');
    return;
  }
  if (!m.state)
    return issue(ctx, ['state'], 'required (the state tensors model.onnx carries), unless the model is "remote"');
  if (m.stateBudgetBytes === undefined) return issue(ctx, ['stateBudgetBytes'], 'required with "state"');
  for (const [name, s] of Object.entries(m.state)) {
    if (!m.init && s.init === undefined) issue(ctx, ['state', name, 'init'], 'needed when the model has no init.onnx');
    const count = s.shape.reduce((a, b) => a * b, 1);
    if (Array.isArray(s.init) && s.init.length !== count) {
      issue(ctx, ['state', name, 'init'], `has ${s.init.length} values, shape holds ${count}`);
    }
  }
  const bytes = stateBytes(m.state);
  if (bytes > m.stateBudgetBytes) {
    issue(ctx, ['stateBudgetBytes'], `state takes ${bytes} bytes, over the budget of ${m.stateBudgetBytes}`);
  }
}
