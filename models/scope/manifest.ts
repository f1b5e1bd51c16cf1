/**
 * A Daydream Scope model folder: manifest.json with the wm/1 fields a kiosk reads (fps, size, actions, style
 * presets) and a `scope` entry naming the server and the pipeline. The style presets are prompts, not vectors:
 * Scope's pipelines are steered by text. Checked here, so runtime/core's wm/1 schema stays as it is.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { actionSlotSchema, type ActionSlot, type Manifest } from '../../runtime/core/manifest.ts';
import { ModelLoadError } from '../contract/errors.ts';
import { displayPath } from '../contract/folder.ts';

/** W3C KeyboardEvent.code values, as Scope's ctrl_input takes them ("KeyW", "Space", "ShiftLeft", ...) */
const keyCode = z
  .string()
  .regex(/^[A-Z][A-Za-z0-9]+$/, 'expected a W3C key code such as "KeyW", "Space" or "ShiftLeft"');

export const scopeSpecSchema = z.object({
  /** the Scope server, e.g. http://192.168.1.20:8000 */
  url: z.string().regex(/^https?:\/\/[^/\s]+\/?$/, 'expected "http://host:port"'),
  /** the pipeline id Scope loads (POST /api/v1/pipeline/load), e.g. "longlive" */
  pipeline: z.string().min(1),
  /** load_params sent with the load (height, width, seed, quantization, ...: the pipeline's own) */
  loadParams: z.record(z.string(), z.unknown()).optional(),
  /**
   * webrtc: video over WebRTC; headless: one JPEG per step over HTTP; mpegts: the headless session's MPEG-TS
   * stream decoded by ffmpeg; absent: each in that order until one connects
   */
  transport: z.enum(['webrtc', 'headless', 'mpegts']).optional(),
  /** how long a pipeline may take to load (first loads download and compile: minutes) */
  loadTimeoutMs: z.number().int().positive().default(300_000),
  /** no frame for this long while connected: the model has failed (the keeper falls back) */
  frameTimeoutMs: z.number().int().positive().default(3000),
  /** send ctrl_input (keys and mouse): for pipelines that take it (e.g. Waypoint); text-only pipelines: false */
  ctrlInput: z.boolean().default(true),
  /** mouse pixels per radian of look (conditions' look is in rad/s) */
  mousePerRadian: z.number().positive().default(400),
  /** action verbs held as keys besides W A S D, e.g. { "jump": "Space", "sprint": "ShiftLeft" } */
  keys: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), keyCode).default({}),
  /** generation calls a prompt change blends over (Scope's transition.num_steps) */
  transitionSteps: z.number().int().min(0).default(4),
  /** generation calls per second, to turn an instruction's transition seconds into steps */
  callsPerSecond: z.number().positive().optional(),
  /** the transition's temporal_interpolation_method */
  interpolation: z.enum(['linear', 'slerp']).default('linear'),
});

const promptPresetSchema = z.object({
  keywords: z.array(z.string().min(1)).default([]),
  prompt: z.string().min(1),
});

export const scopeManifestSchema = z
  .object({
    format: z.literal('wm/1'),
    name: z.string().min(1),
    description: z.string().optional(),
    fps: z.number().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    actions: z.array(actionSlotSchema).optional(),
    perspectives: z.array(z.enum(['first', 'third'])).default(['first']),
    style: z
      .object({
        default: z.string(),
        presets: z.record(z.string(), promptPresetSchema),
      })
      .optional(),
    scope: scopeSpecSchema,
  })
  .superRefine((m, ctx) => {
    if (m.style && !(m.style.default in m.style.presets)) {
      ctx.addIssue({ code: 'custom', path: ['style', 'default'], message: `"${m.style.default}" is not a preset` });
    }
  });

export type ScopeSpec = z.infer<typeof scopeSpecSchema>;
export type ScopeManifest = z.infer<typeof scopeManifestSchema>;

export interface ScopeFolder {
  dir: string;
  /** the wm/1 view of the folder that the keeper, the console and the pages read */
  manifest: Manifest;
  spec: ScopeSpec;
  /** preset name -> prompt */
  prompts: Record<string, string>;
}

const AXES: ActionSlot[] = [
  { name: 'move_x', min: -1, max: 1, condition: 'move[0]' },
  { name: 'move_y', min: -1, max: 1, condition: 'move[1]' },
  { name: 'look_yaw', min: -3, max: 3, condition: 'look[0]' },
  { name: 'look_pitch', min: -2, max: 2, condition: 'look[1]' },
];

/** the wm/1 Manifest for a Scope folder: no state (it lives in Scope), presets as names and keywords */
function wm1(m: ScopeManifest): Manifest {
  const verbs: ActionSlot[] = Object.keys(m.scope.keys).map((v) => ({
    name: v,
    min: 0,
    max: 1,
    condition: `actions.${v}`,
  }));
  const presets = Object.entries(m.style?.presets ?? {});
  return {
    format: 'wm/1',
    name: m.name,
    ...(m.description !== undefined ? { description: m.description } : {}),
    fps: m.fps,
    framesPerStep: 1,
    width: m.width,
    height: m.height,
    actions: m.actions ?? [...AXES, ...verbs],
    perspectives: m.perspectives,
    ...(m.style
      ? {
          style: {
            size: 1,
            default: m.style.default,
            // a preset's one value is its index: the vectors mean nothing to Scope, the prompts do
            presets: Object.fromEntries(presets.map(([name, p], i) => [name, { keywords: p.keywords, values: [i] }])),
          },
        }
      : {}),
    state: {},
    stateBudgetBytes: 0,
  };
}

/** true for a manifest (parsed JSON) that asks for Scope: it has a `scope` object */
export function isScopeManifest(raw: Record<string, unknown>): boolean {
  return raw.scope !== null && typeof raw.scope === 'object' && !Array.isArray(raw.scope);
}

export async function readScopeFolder(dir: string): Promise<ScopeFolder> {
  const root = resolve(dir);
  const path = join(root, 'manifest.json');
  const where = displayPath(path);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found (a Scope model folder needs manifest.json)'
        : err instanceof SyntaxError
          ? `invalid JSON: ${err.message}`
          : `cannot be read (${code})`;
    throw new ModelLoadError(where, [why]);
  }
  const parsed = scopeManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new ModelLoadError(
      where,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  const m = parsed.data;
  const prompts = Object.fromEntries(Object.entries(m.style?.presets ?? {}).map(([name, p]) => [name, p.prompt]));
  return { dir: root, manifest: wm1(m), spec: { ...m.scope, url: m.scope.url.replace(/\/$/, '') }, prompts };
}
