import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Manifest } from '../../runtime/core/manifest.ts';
import { ModelLoadError } from '../contract/errors.ts';
import { displayPath } from '../contract/folder.ts';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the name of an environment variable');

/** the `happyoyster` entry of a model folder's manifest.json (README "HappyOyster") */
export const happyOysterSchema = z
  .strictObject({
    /** Adventure (held movement commands; Wander) or Directing (text instructions, pause/rewind; Direct) */
    mode: z.enum(['adventure', 'directing']),
    /** the service's region; with `workspace` it gives https://{workspace}.{region}.maas.aliyuncs.com */
    region: z.enum(['ap-southeast-1', 'us-east-1', 'cn-beijing']).optional(),
    /** the Model Studio workspace id (not a secret) */
    workspace: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .optional(),
    /** instead of region + workspace: the service's root URL (a proxy, the test stand-in) */
    baseUrl: z
      .string()
      .regex(/^https?:\/\/[^/\s]+$/, 'expected "https://host[:port]" without a path')
      .optional(),
    /** the environment variable that holds the primary API key (sk-...); the key is never in this file */
    keyEnv: envName.default('DASHSCOPE_API_KEY'),
    /** pre-built worlds (encryptedWorldId, reusable): a visit attaches one in a second instead of ~30 s */
    worlds: z.array(z.string().min(1)).default([]),
    /** a world built from a prompt (HappyOyster's custom mode: scene + character + style) */
    build: z
      .strictObject({
        scene: z.string().min(1),
        character: z.string().min(1).optional(),
        style: z.string().min(1).optional(),
        perspective: z.enum(['first_person', 'third_person']).optional(),
        /** "snapshot": a camera's picture (a world from a picture) starts the world; else firstFrameUrl */
        firstFrame: z.literal('snapshot').optional(),
        firstFrameUrl: z.string().url().optional(),
      })
      .optional(),
    /** build a new world for every visit (needs `build`); otherwise one world serves the day */
    worldPerVisit: z.boolean().default(false),
    /** record each travel as the hosting page plays it (its MediaRecorder) to <stateDir>/travels */
    record: z.boolean().default(false),
    /** Adventure: a travel lasts 60, 90 or 120 s (the service takes no other value); Directing: ~3 min */
    maxExperienceTimeSec: z.union([z.literal(60), z.literal(90), z.literal(120)]).default(120),
    /** Nacre's action verbs -> the world's interaction verbs; other verbs are sent as they are named */
    verbs: z.record(z.string(), z.string().min(1)).default({ jump: 'Jump', sprint: 'Sprint' }),
    /** a page that has not joined this long after it began the travel fails the world (the fallback runs) */
    joinTimeoutSec: z.number().positive().default(30),
    /** build status is polled this often (the service asks for 3-5 s) */
    buildPollMs: z.number().int().positive().default(3000),
    /** a build that is not ready after this long fails */
    buildTimeoutSec: z.number().positive().default(150),
    /** travel status is polled this often while a page hosts it (the service asks for 2-5 s) */
    statusPollMs: z.number().int().positive().default(3000),
  })
  .superRefine((h, ctx) => {
    if (!h.baseUrl && !(h.region && h.workspace)) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'give "region" and "workspace", or "baseUrl"' });
    }
    if (h.worlds.length === 0 && !h.build)
      ctx.addIssue({ code: 'custom', path: ['worlds'], message: 'give pre-built "worlds" or a "build"' });
    if (h.worldPerVisit && !h.build)
      ctx.addIssue({ code: 'custom', path: ['worldPerVisit'], message: 'a world per visit needs "build"' });
    if (h.region === 'cn-beijing' && h.mode !== 'adventure') {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'cn-beijing serves Adventure only' });
    }
  });

export type HappyOysterSpec = z.output<typeof happyOysterSchema>;

/** a HappyOyster model folder's manifest.json: the usual name, fps and size, and the `happyoyster` entry */
export const happyOysterManifestSchema = z.object({
  format: z.literal('wm/1'),
  name: z.string().min(1),
  description: z.string().optional(),
  /** how often the loop steps this world: its heartbeat (no frames pass through the runtime) */
  fps: z.number().positive().max(60).default(10),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  happyoyster: happyOysterSchema,
});

/** the travel budget: Adventure's chosen length, Directing's ~3 min */
export function budgetSec(spec: HappyOysterSpec): number {
  return spec.mode === 'adventure' ? spec.maxExperienceTimeSec : 180;
}

/** the service's root: baseUrl, or https://{workspace}.{region}.maas.aliyuncs.com */
export function serviceRoot(spec: HappyOysterSpec): string {
  return spec.baseUrl ?? `https://${spec.workspace}.${spec.region}.maas.aliyuncs.com`;
}

/** the service's model name for a mode */
export function serviceModel(spec: HappyOysterSpec): string {
  return `happyoyster-1.0-${spec.mode}`;
}

export interface HappyOysterFolder {
  dir: string;
  manifest: Manifest;
  spec: HappyOysterSpec;
}

/** reads and checks a HappyOyster folder; errors name manifest.json and the field */
export async function readHappyOysterFolder(dir: string): Promise<HappyOysterFolder> {
  const path = join(dir, 'manifest.json');
  const where = displayPath(path);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ModelLoadError(where, [`cannot be read: ${(err as Error).message}`]);
  }
  const parsed = happyOysterManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ModelLoadError(
      where,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const m = parsed.data;
  // the wm/1 shape the keeper, the loop and the console read: no graph, no state, no style presets
  const manifest: Manifest = {
    format: 'wm/1',
    name: m.name,
    fps: m.fps,
    framesPerStep: 1,
    width: m.width,
    height: m.height,
    actions: [
      { name: 'move_x', min: -1, max: 1, condition: 'move[0]' },
      { name: 'move_y', min: -1, max: 1, condition: 'move[1]' },
      { name: 'look_yaw', min: -1, max: 1, condition: 'look[0]' },
      { name: 'look_pitch', min: -1, max: 1, condition: 'look[1]' },
    ],
    perspectives: ['first'],
    state: {},
    stateBudgetBytes: 0,
    ...(m.description ? { description: m.description } : {}),
  };
  return { dir, manifest, spec: m.happyoyster };
}

/**
 * The origins a display page's player talks to for these model folders (their HappyOyster service), for the
 * page's Content-Security-Policy; folders that are not HappyOyster worlds, or cannot be read, add none.
 */
export async function pageServiceOrigins(dirs: readonly (string | undefined)[]): Promise<string[]> {
  const origin = (dir: string): Promise<string | undefined> =>
    readHappyOysterFolder(dir).then(
      (f) => new URL(serviceRoot(f.spec)).origin,
      () => undefined,
    );
  const origins = await Promise.all(dirs.filter((d): d is string => !!d).map(origin));
  return [...new Set(origins.filter((o): o is string => o !== undefined))];
}
