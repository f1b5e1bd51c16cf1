/**
 * A second, tiny wm/1 world for the contract tests: a sine pattern that slides sideways when you turn and
 * downwards when you walk, tinted by its style, with a continuous 440 Hz tone. Variants break one rule each.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder } from './onnx-builder.ts';

export const TINY = { width: 32, height: 24, rate: 6000, fps: 30, samples: 200 } as const;

export interface TinyVariant {
  frameName?: string;
  frameAsFloat?: boolean;
  graphActions?: number;
  dropStatePhaseOut?: boolean;
  extraInput?: boolean;
  /** the step fails inside onnxruntime when the turn input is 2 or more (an out-of-range Gather) */
  failOnBigTurn?: boolean;
}

export function tinyManifest(): Record<string, unknown> {
  return {
    format: 'wm/1',
    name: 'tiny-scroller',
    fps: TINY.fps,
    framesPerStep: 1,
    width: TINY.width,
    height: TINY.height,
    audio: { rate: TINY.rate, channels: 1, samplesPerStep: TINY.samples },
    actions: [
      { name: 'strafe', min: -1, max: 1, condition: 'move[0]' },
      { name: 'forward', min: -1, max: 1, condition: 'move[1]' },
      { name: 'turn', min: -3, max: 3, condition: 'look[0]' },
    ],
    style: {
      size: 2,
      default: 'warm',
      presets: {
        warm: { keywords: ['sun', 'warm'], values: [1, 0.1] },
        cold: { keywords: ['ice', 'cold'], values: [0.2, 1] },
      },
    },
    state: {
      pos: { dtype: 'float32', shape: [1, 2], init: [0, 0] },
      phase: { dtype: 'float32', shape: [1, 1], init: 0 },
    },
    stateBudgetBytes: 64,
  };
}

export function tinyModel(v: TinyVariant = {}): Uint8Array {
  const { width: W, height: H, rate, samples: N } = TINY;
  const g = new GraphBuilder();
  const A = v.graphActions ?? 3;
  const action = g.input('action', 'float32', [1, A]);
  const style = g.input('style', 'float32', [1, 2]);
  const pos = g.input('state.pos', 'float32', [1, 2]);
  const phase = g.input('state.phase', 'float32', [1, 1]);
  if (v.extraInput) g.input('camera', 'float32', [1, 3]);

  const gains = [0, 0, 0, 0.5, 0.5, 0, ...Array(Math.max(0, A - 3) * 2).fill(0)];
  const delta = g.op('MatMul', [action, g.const(gains.slice(0, A * 2), [A, 2])]);
  let posOut = g.op('Add', [pos, delta]);
  if (v.failOnBigTurn) {
    const turn = g.op('Cast', [g.op('MatMul', [action, g.const([0, 0, 1], [3, 1])])], { to: 7 });
    const picked = g.op('Gather', [g.const([0, 0], [2]), g.op('Reshape', [turn, g.const([1], [1], 'int64')])]);
    posOut = g.op('Add', [posOut, picked]);
  }
  const px = g.op('MatMul', [posOut, g.const([1, 0], [2, 1])]);
  const py = g.op('MatMul', [posOut, g.const([0, 1], [2, 1])]);
  const cols = g.const(
    Array.from({ length: W }, (_, i) => i * 0.6),
    [1, W],
  );
  const rows = g.const(
    Array.from({ length: H }, (_, i) => i * 0.6),
    [H, 1],
  );
  const wave = (x: string) => g.op('Add', [g.op('Mul', [g.op('Sin', [x]), g.const([100], [1])]), g.const([128], [1])]);
  const hw = g.const([H, W], [2], 'int64');
  const plane = (x: string) => g.op('Unsqueeze', [g.op('Expand', [x, hw]), g.const([2], [1], 'int64')]);
  const tint = (i: number) => g.op('MatMul', [style, g.const(i === 0 ? [1, 0] : [0, 1], [2, 1])]);
  const red = plane(g.op('Mul', [wave(g.op('Add', [cols, px])), tint(0)]));
  const green = plane(wave(g.op('Sub', [rows, py])));
  const blue = plane(g.op('Mul', [tint(1), g.const([255], [1])]));
  const alpha = plane(g.const([255], [1, 1]));
  const rgba = g.op('Unsqueeze', [g.op('Concat', [red, green, blue, alpha], { axis: 2 }), g.const([0], [1], 'int64')]);
  const clipped = g.op('Clip', [rgba, g.const([0], []), g.const([255], [])]);
  const frame = v.frameAsFloat ? clipped : g.op('Cast', [clipped], { to: 2 });
  g.output(v.frameName ?? 'frame', v.frameAsFloat ? 'float32' : 'uint8', [1, H, W, 4], frame);

  const f = 440;
  const times = g.const(
    Array.from({ length: N }, (_, n) => (n * f) / rate),
    [1, 1, N],
  );
  const cycles = g.op('Add', [phase, times]);
  const tone = g.op('Mul', [g.op('Sin', [g.op('Mul', [cycles, g.const([2 * Math.PI], [1])])]), g.const([0.2], [1])]);
  g.output('audio', 'float32', [1, 1, N], tone);
  const next = g.op('Add', [phase, g.const([(f * N) / rate], [1])]);
  g.output('state_out.pos', 'float32', [1, 2], posOut);
  if (!v.dropStatePhaseOut) g.output('state_out.phase', 'float32', [1, 1], g.op('Sub', [next, g.op('Floor', [next])]));
  return g.encode();
}

/** Writes a tiny model folder; `files` may replace or add any file (a string or bytes). */
export async function writeTinyFolder(
  opts: { variant?: TinyVariant; manifest?: Record<string, unknown>; files?: Record<string, string | Uint8Array> } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-tiny-'));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.onnx'), tinyModel(opts.variant));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(opts.manifest ?? tinyManifest(), null, 1));
  for (const [name, content] of Object.entries(opts.files ?? {})) await writeFile(join(dir, name), content);
  return dir;
}
