/** What the shipped default world promises beyond the wm/1 contract: moods, movement, sound. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanColour } from '../../test/helpers/frames.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import type { Conditions } from '../../runtime/core/signals.ts';
import { OnnxWorldModel } from '../onnx/model.ts';
import type { AudioChunk, ModelSession } from '../../runtime/core/world-model.ts';

let model: OnnxWorldModel;
beforeAll(async () => {
  model = await OnnxWorldModel.load('models/default', { lookahead: 0, log: silentLogger() });
});
afterAll(() => model?.close());

async function steps(s: ModelSession, c: Partial<Conditions>, n: number) {
  s.push(c);
  const colours: [number, number, number][] = [];
  const audio: AudioChunk[] = [];
  for (let i = 0; i < n; i++) {
    const out = await s.next();
    colours.push(meanColour(out.frames[0]!));
    if (out.audio) audio.push(out.audio);
  }
  return { colours, audio };
}

async function pose(s: ModelSession): Promise<Record<string, number>> {
  const saved = await s.saveState();
  const values = new Float32Array(saved.tensors.pose!.data);
  const slots = model.manifest.state.pose!.slots!;
  return Object.fromEntries(slots.map((name, i) => [name, values[i]!]));
}

/** power of one frequency in a mono signal (Goertzel) */
function power(signal: Float32Array, hz: number, rate: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let [s1, s2] = [0, 0];
  for (const x of signal) [s1, s2] = [x + k * s1 - s2, s1];
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

function left(chunks: AudioChunk[]): Float32Array {
  const out = new Float32Array(chunks.length * chunks[0]!.samples);
  chunks.forEach((c, i) => out.set(c.data.subarray(0, c.samples), i * c.samples));
  return out;
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);

describe('the default world', () => {
  it('ships the five moods the brief asks for (and keywords for each)', () => {
    const presets = model.manifest.style!.presets;
    for (const name of ['day', 'sunset', 'night', 'snow', 'dream']) {
      expect(presets[name]?.keywords.length).toBeGreaterThan(2);
    }
  });

  it('walks, sprints faster, turns, looks up, jumps and flies through its action inputs', async () => {
    const travelled = async (c: Partial<Conditions>) => {
      const s = await model.openSession({ seed: 4 });
      const start = await pose(s);
      await steps(s, c, 30);
      const end = await pose(s);
      return Math.hypot(end.x! - start.x!, end.y! - start.y!);
    };
    const walked = await travelled({ move: [0, 1] });
    expect(walked).toBeGreaterThan(2);
    expect(await travelled({ move: [0, 1], actions: { sprint: true } })).toBeGreaterThan(walked * 1.8);

    const s = await model.openSession({ seed: 4 });
    const before = await pose(s);
    await steps(s, { look: [1.5, 1] }, 10);
    const turned = await pose(s);
    expect(turned.yaw).toBeLessThan(before.yaw! - 0.3);
    expect(turned.pitch).toBeGreaterThan(0.2);

    await steps(s, { look: [0, 0], actions: { jump: true } }, 4);
    expect((await pose(s)).jump_h).toBeGreaterThan(0.2);
    await steps(s, { actions: {} }, 40);
    expect((await pose(s)).jump_h).toBe(0);

    await steps(s, { actions: { fly: true } }, 60);
    expect((await pose(s)).fly).toBeGreaterThan(0.8);
  });

  it('changes mood smoothly when the style changes mid-walk', async () => {
    const s = await model.openSession({ seed: 6, style: 'day' });
    await steps(s, { move: [0, 1] }, 5);
    expect(s.instruct({ text: 'make it night' }).style).toBe('night');
    const { colours } = await steps(s, { move: [0, 1] }, 150);
    const brightness = colours.map(([r, g, b]) => (r + g + b) / 3);
    const total = brightness[0]! - brightness.at(-1)!;
    expect(total).toBeGreaterThan(40);
    const largestStep = Math.max(...brightness.slice(1).map((b, i) => Math.abs(b - brightness[i]!)));
    expect(largestStep).toBeLessThan(total * 0.1);
  });

  it('plays a drone that follows the style, and footsteps when walking', async () => {
    const drone = async (style: string) => {
      const s = await model.openSession({ seed: 1, style });
      const { audio } = await steps(s, {}, 30);
      return left(audio.slice(10));
    };
    const rate = model.manifest.audio!.rate;
    const day = await drone('day');
    const night = await drone('night');
    // day's chord is A2 E3 C#4 A3 (110, 165, 277, 220 Hz); night's is D2 A2 F3 D3 (73.4, 110, 175, 147 Hz)
    expect(power(day, 165, rate) / power(day, 73.4, rate)).toBeGreaterThan(20);
    expect(power(night, 73.4, rate) / power(night, 165, rate)).toBeGreaterThan(20);

    const still = await model.openSession({ seed: 8 });
    const quiet = left((await steps(still, {}, 40)).audio.slice(20));
    const walker = await model.openSession({ seed: 8 });
    const walking = left((await steps(walker, { move: [0, 1] }, 40)).audio.slice(20));
    expect(rms(walking)).toBeGreaterThan(rms(quiet) * 1.15);
  });
});

describe('a world started from a picture', () => {
  it("takes the picture's colours, keeps them while walking, and gives them up for a chosen style", async () => {
    const { decodeImage, COFFEE } = await import('../../test/helpers/images.ts');
    const coffee = await decodeImage(COFFEE);
    const plain = await steps(await model.openSession({ seed: 2 }), { move: [0, 1] }, 3);
    const s = await model.openSession({ seed: 2, image: coffee });
    expect(s.style).toBe('from-image');
    const pictured = await steps(s, { move: [0, 1], style: 'day' }, 3);
    const [pr, pg, pb] = plain.colours.at(-1)!;
    const [r, g, b] = pictured.colours.at(-1)!;
    // a red cup on a brown table: a warm world where the plain day is green and blue
    expect(r - (g + b) / 2).toBeGreaterThan(pr - (pg + pb) / 2 + 30);
    s.push({ style: 'night' });
    expect(s.style).toBe('night');
  });

  it('a model without an image input says so', async () => {
    const { decodeImage, COFFEE } = await import('../../test/helpers/images.ts');
    const { writeTinyFolder } = await import('../../test/helpers/tiny-model.ts');
    const tiny = await OnnxWorldModel.load(await writeTinyFolder(), { log: silentLogger() });
    try {
      await expect(tiny.openSession({ image: await decodeImage(COFFEE) })).rejects.toThrow(
        /cannot start from a picture \(its init.onnx takes no "image"\)/,
      );
    } finally {
      await tiny.close();
    }
  });
});
