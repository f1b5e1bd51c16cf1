/** The wm/1 contract: every world model passes these, whatever it draws (DESIGN.md section 4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestShift, boundaryJumps, meanAbsDiff, meanColour } from '../test/helpers/frames.ts';
import { silentLogger } from '../runtime/core/log.ts';
import type { Conditions } from '../runtime/core/signals.ts';
import { OnnxWorldModel } from './onnx/model.ts';
import type { AudioChunk, Frame, ModelSession, WorldModel } from '../runtime/core/world-model.ts';

export interface ContractSubject {
  name: string;
  dir: () => Promise<string>;
  /** steps to walk before looking at motion (a model may accelerate) */
  warmup: number;
  /** largest image shift in pixels one step of turning may cause */
  maxShift: number;
  /** rows where forward motion shows (the ground, for a landscape) */
  groundRows: (height: number) => [number, number];
  /** how to make the ground fill those rows first (e.g. look down), and for how many steps */
  faceGround?: { conditions: Partial<Conditions>; steps: number };
  /** how to load the folder (default: the ONNX host, lookahead 0) */
  load?: (dir: string) => Promise<WorldModel>;
  /** why save/restore does not apply (e.g. the state lives in a server); its test is skipped with this reason */
  noSaveState?: string;
  /** the seed of the worlds whose views are measured (3 unless the subject says why another) */
  seed?: number;
}

async function run(
  s: ModelSession,
  c: Partial<Conditions>,
  steps: number,
): Promise<{ frames: Frame[]; audio: AudioChunk[] }> {
  s.push(c);
  const frames: Frame[] = [];
  const audio: AudioChunk[] = [];
  for (let i = 0; i < steps; i++) {
    const out = await s.next();
    frames.push(...out.frames);
    if (out.audio) audio.push(out.audio);
  }
  return { frames, audio };
}

const hash = (f: Frame) => Buffer.from(f.data).toString('base64');

export function worldModelContract(subject: ContractSubject): void {
  describe(`wm/1 contract: ${subject.name}`, () => {
    let model: WorldModel;
    beforeAll(async () => {
      const dir = await subject.dir();
      model = await (subject.load
        ? subject.load(dir)
        : OnnxWorldModel.load(dir, { lookahead: 0, log: silentLogger() }));
    });
    afterAll(() => model?.close());

    it('loads: the manifest matches the graph', () => {
      expect(model.manifest.format).toBe('wm/1');
    });

    it('frames are whole RGBA pictures on a 4-byte boundary (outputs read them as 32-bit pixels)', async () => {
      const s = await model.openSession({ seed: subject.seed ?? 3 });
      const { frames } = await run(s, { move: [0, 1], look: [0, 0] }, 2);
      const { width, height } = model.manifest;
      for (const f of frames) {
        expect({ width: f.width, height: f.height, bytes: f.data.byteLength }).toEqual({
          width,
          height,
          bytes: width * height * 4,
        });
        expect(f.data.byteOffset % 4).toBe(0);
      }
    });

    it('is deterministic: same seed and actions give the same frames', async () => {
      const script = async () => {
        const s = await model.openSession({ seed: 7 });
        const a = await run(s, { move: [0.3, 1], look: [0.5, 0] }, 4);
        const b = await run(s, { move: [0, 0], look: [-1, 0.2] }, 3);
        return [...a.frames, ...b.frames].map(hash);
      };
      expect(await script()).toEqual(await script());
    });

    it('walking moves the view forward: the ground slides down the screen', async () => {
      const s = await model.openSession({ seed: subject.seed ?? 3 });
      if (subject.faceGround) await run(s, subject.faceGround.conditions, subject.faceGround.steps);
      const { frames } = await run(s, { move: [0, 1], look: [0, 0] }, subject.warmup + 2);
      const [a, b] = frames.slice(-2) as [Frame, Frame];
      expect(meanAbsDiff(a, b)).toBeGreaterThan(0.5);
      const [top, bottom] = subject.groundRows(a.height);
      const { shift, gain } = bestShift(a, b, 'y', subject.maxShift, top, bottom);
      expect(shift).toBeGreaterThan(0);
      expect(gain).toBeLessThan(0.9);
    });

    it('turning right shifts the image left, turning left shifts it right', async () => {
      for (const [turn, sign] of [
        [1, -1],
        [-1, 1],
      ] as const) {
        const s = await model.openSession({ seed: subject.seed ?? 3 });
        const { frames } = await run(s, {}, 2);
        const { frames: turned } = await run(s, { look: [turn, 0] }, 1);
        const a = frames.at(-1)!;
        const { shift, gain } = bestShift(a, turned[0]!, 'x', subject.maxShift);
        expect(Math.sign(shift)).toBe(sign);
        expect(gain).toBeLessThan(0.7);
      }
    });

    it('style presets change the colours', async () => {
      const presets = Object.keys(model.manifest.style?.presets ?? {});
      expect(presets.length).toBeGreaterThanOrEqual(2);
      const colours: [number, number, number][] = [];
      for (const style of presets) {
        const s = await model.openSession({ seed: 5, style });
        colours.push(meanColour((await run(s, {}, 3)).frames.at(-1)!));
      }
      for (let i = 0; i < colours.length; i++) {
        for (let j = i + 1; j < colours.length; j++) {
          const d = colours[i]!.reduce((sum, v, k) => sum + Math.abs(v - colours[j]![k]!), 0);
          expect(d, `${presets[i]} vs ${presets[j]}`).toBeGreaterThan(12);
        }
      }
    });

    it('audio is continuous across step boundaries', async () => {
      if (!model.manifest.audio) return;
      const s = await model.openSession({ seed: 2 });
      const walk = await run(s, { move: [0, 1] }, 20);
      s.instruct({ text: Object.keys(model.manifest.style?.presets ?? {}).at(-1) ?? '' });
      const sprint = await run(s, { move: [0.5, 1], actions: { sprint: true } }, 20);
      const chunks = [...walk.audio, ...sprint.audio];
      expect(chunks).toHaveLength(40);
      const { boundary, within } = boundaryJumps(chunks);
      expect(within).toBeGreaterThan(0);
      expect(boundary).toBeLessThanOrEqual(within * 1.5);
    });

    const saves = subject.noSaveState ? it.skip : it;
    saves(
      `save and restore give the identical next frame${subject.noSaveState ? ` (skipped: ${subject.noSaveState})` : ''}`,
      async () => {
        const s = await model.openSession({ seed: 9 });
        await run(s, { move: [0.2, 1], look: [0.3, 0] }, 5);
        const saved = await s.saveState();
        const first = await run(s, { move: [1, 0] }, 2);
        await run(s, { move: [-1, 1] }, 3);
        await s.restoreState(saved);
        const again = await run(s, { move: [1, 0] }, 2);
        expect(again.frames.map(hash)).toEqual(first.frames.map(hash));
      },
    );
  });
}
