import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBlazeFace } from './assets.ts';
import { FaceDetector, tiles, type Face } from './blazeface.ts';
import { ASTRONAUT, CHELSEA, COFFEE, decodeFrames, decodeImage, makeFrame } from './testing.ts';

const GRACE_HOPPER = '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg';
const MEGAMIND = '/usr/share/doc/opencv-doc/examples/data/Megamind.avi';

let detector: FaceDetector;
let lenient: FaceDetector;
beforeAll(async () => {
  const path = await ensureBlazeFace();
  detector = await FaceDetector.load(path);
  lenient = await FaceDetector.load(path, { minScore: 0.3 });
});
afterAll(async () => {
  await detector?.close();
  await lenient?.close();
});

function only(faces: Face[]): Face {
  expect(faces).toHaveLength(1);
  return faces[0] as Face;
}

describe('FaceDetector on real images', () => {
  it("finds the astronaut's face where it is (box from brow to chin, centre on the nose)", async () => {
    const f = only(await detector.detect(await decodeImage(ASTRONAUT)));
    expect(f.score).toBeGreaterThan(0.9);
    expect(f.x).toBeGreaterThan(0.41);
    expect(f.x).toBeLessThan(0.47);
    expect(f.y).toBeGreaterThan(0.22);
    expect(f.y).toBeLessThan(0.28);
    expect(f.width).toBeGreaterThan(0.15);
    expect(f.width).toBeLessThan(0.22);
  });

  it('gives keypoints in the face: eyes above the nose above the mouth, her right eye on the image left', async () => {
    const f = only(await detector.detect(await decodeImage(ASTRONAUT)));
    const [rightEye, leftEye, nose, mouth] = f.keypoints as [number, number][] as [
      [number, number],
      [number, number],
      [number, number],
      [number, number],
    ];
    expect(rightEye[0]).toBeLessThan(leftEye[0]);
    expect(Math.max(rightEye[1], leftEye[1])).toBeLessThan(nose[1]);
    expect(nose[1]).toBeLessThan(mouth[1]);
    for (const [x, y] of [rightEye, leftEye, nose, mouth]) {
      expect(Math.abs(x - f.x)).toBeLessThan(f.width / 2);
      expect(Math.abs(y - f.y)).toBeLessThan(f.height / 2);
    }
  });

  it('finds the same face in a 640x480 (stretched) frame, normalised to that frame', async () => {
    const f = only(await detector.detect(await decodeImage(ASTRONAUT, { width: 640, height: 480 })));
    expect(f.x).toBeCloseTo(0.44, 1);
    expect(f.y).toBeCloseTo(0.25, 1);
  });

  it('finds Grace Hopper', async () => {
    const f = only(await detector.detect(await decodeImage(GRACE_HOPPER)));
    expect(f.score).toBeGreaterThan(0.9);
    expect(f.x).toBeCloseTo(0.52, 1);
    expect(f.y).toBeCloseTo(0.4, 1);
  });

  it('sees no face in coffee, a smooth gradient, or Chelsea the cat (who scores ~0.53)', async () => {
    const gradient = makeFrame(640, 480, (x, y) => [(x * 255) / 639, (y * 255) / 479, 128]);
    expect(await detector.detect(await decodeImage(COFFEE))).toEqual([]);
    expect(await detector.detect(gradient)).toEqual([]);
    expect(await detector.detect(await decodeImage(CHELSEA))).toEqual([]);
    const cat = await lenient.detect(await decodeImage(CHELSEA));
    expect(cat[0]?.score ?? 0).toBeLessThan(0.7);
  });
});

describe('wide frames', () => {
  it('splits a 16:9 frame into two squares and a 4:3 one not at all', () => {
    expect(
      tiles(
        makeFrame(1280, 720, () => [0, 0, 0]),
        'auto',
      ),
    ).toEqual([
      { x: 0, y: 0, width: 720, height: 720 },
      { x: 560, y: 0, width: 720, height: 720 },
    ]);
    expect(
      tiles(
        makeFrame(640, 480, () => [0, 0, 0]),
        'auto',
      ),
    ).toHaveLength(1);
    expect(
      tiles(
        makeFrame(1280, 720, () => [0, 0, 0]),
        'off',
      ),
    ).toHaveLength(1);
  });

  // The astronaut (512 x 512) padded into 910 x 512, scaled to 1280 x 720: her face is at
  // ((pad + 0.44 * 512) / 910, 0.25) and a 16:9 letterbox would shrink it to 56 % in the model's input.
  for (const pad of [0, 199, 398]) {
    it(`finds the astronaut padded into a 16:9 frame at ${pad} px from the left`, async () => {
      const frame = await decodeImage(ASTRONAUT, { width: 1280, height: 720, filter: `pad=910:512:${pad}:0` });
      const f = only(await detector.detect(frame));
      const x = (pad + 0.44 * 512) / 910;
      expect(f.score).toBeGreaterThan(0.9);
      expect(Math.abs(f.x - x)).toBeLessThan(0.015);
      expect(Math.abs(f.y - 0.25)).toBeLessThan(0.02);
      expect(f.width * 1280).toBeCloseTo(f.height * 720, -1); // a square box in pixels
    });
  }

  it('undoes a plain letterbox too (tiling off: the face is smaller and scores lower)', async () => {
    const path = await ensureBlazeFace();
    const boxed = await FaceDetector.load(path, { tiling: 'off', minScore: 0.45 });
    try {
      const frame = await decodeImage(ASTRONAUT, { width: 1280, height: 720, filter: 'pad=910:512:398:0' });
      const f = only(await boxed.detect(frame));
      expect(f.score).toBeLessThan(0.75);
      expect(Math.abs(f.x - (398 + 0.44 * 512) / 910)).toBeLessThan(0.02);
      expect(Math.abs(f.y - 0.25)).toBeLessThan(0.03);
    } finally {
      await boxed.close();
    }
  });

  it('finds a portrait frame face with vertical tiles', async () => {
    const frame = await decodeImage(ASTRONAUT, { width: 720, height: 1280, filter: 'pad=512:910:0:199' });
    const f = only(await detector.detect(frame));
    expect(f.x).toBeCloseTo(0.44, 1);
    expect(Math.abs(f.y - (199 + 0.25 * 512) / 910)).toBeLessThan(0.02);
  });
});

describe('FaceDetector on footage', () => {
  it('follows the speaker in Megamind: the woman left of centre, then the man on the right', async () => {
    const at = async (start: number): Promise<Face[][]> => {
      const frames = await decodeFrames(MEGAMIND, { start, frames: 10, width: 360, height: 264 });
      const out: Face[][] = [];
      for (const f of frames) out.push(await detector.detect(f));
      return out;
    };
    const woman = await at(2);
    const man = await at(5);
    for (const faces of woman) expect(faces[0]?.x).toBeLessThan(0.5);
    for (const faces of man) expect(faces[0]?.x).toBeGreaterThan(0.6);
  });

  it('refuses overlapping calls instead of mixing two frames in one input buffer', async () => {
    const frame = await decodeImage(ASTRONAUT);
    const first = detector.detect(frame);
    await expect(detector.detect(frame)).rejects.toThrow(/previous call/);
    expect(await first).toHaveLength(1);
  });
});
