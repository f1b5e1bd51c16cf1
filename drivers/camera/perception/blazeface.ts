import * as ort from 'onnxruntime-node';
import { decodeLayer, FRONT_LAYERS, KEYPOINTS, weightedNms, type Detection } from './decode.ts';
import type { RgbFrame } from './frame.ts';
import { Letterbox, type Rect } from './letterbox.ts';

/** A face, normalised to the frame (0..1 on each axis); x, y is the box centre. */
export interface Face {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  /** right eye, left eye, nose tip, mouth centre, right ear, left ear (the subject's right and left) */
  keypoints?: [number, number][];
}

export interface FaceDetectorOptions {
  /** onnxruntime intra-op threads; 1 by default: the model is ~1.3 ms and the kiosk has few cores */
  threads?: number;
  /** lowest score kept (default 0.75: README.md says why) */
  minScore?: number;
  /** overlap above which detections merge (default 0.3, MediaPipe's) */
  iouThreshold?: number;
  /**
   * 'auto' (default): a frame 1.5x wider than tall (or taller than wide) is seen as two overlapping squares,
   * one model run each, instead of one letterboxed square. The short-range model scores faces under ~20 px
   * of its 128 px input poorly, and a 16:9 letterbox shrinks every face to 56 % of the frame's height.
   */
  tiling?: 'auto' | 'off';
}

export const DEFAULT_MIN_FACE_SCORE = 0.75;
const SIZE = 128;
const TILE_ASPECT = 1.5;
const INPUT = 'input:0';
const OUTPUTS = [
  ['Identity:0', 'Identity_2:0'],
  ['Identity_1:0', 'Identity_3:0'],
] as const;

interface Slot {
  letterbox: Letterbox;
  tensor: ort.Tensor;
}

/** MediaPipe BlazeFace short-range (front camera) on onnxruntime: letterbox, run, decode, weighted NMS. */
export class FaceDetector {
  private readonly slots: Slot[] = [];
  private busy = false;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly opts: Required<Omit<FaceDetectorOptions, 'threads'>>,
  ) {}

  static async load(modelPath: string, opts: FaceDetectorOptions = {}): Promise<FaceDetector> {
    const session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ['cpu'],
      intraOpNumThreads: opts.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3, // the converted graph carries unused initialisers ORT warns about at every load
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    checkGraph(session, modelPath);
    return new FaceDetector(session, {
      minScore: opts.minScore ?? DEFAULT_MIN_FACE_SCORE,
      iouThreshold: opts.iouThreshold ?? 0.3,
      tiling: opts.tiling ?? 'auto',
    });
  }

  /** faces in the frame, best first */
  async detect(frame: RgbFrame): Promise<Face[]> {
    // input buffers are reused: overlapping calls would overwrite each other's frame
    if (this.busy) throw new Error('FaceDetector.detect called again before the previous call finished');
    this.busy = true;
    try {
      const found: Detection[] = [];
      for (const [i, crop] of tiles(frame, this.opts.tiling).entries()) {
        const slot = this.slot(i);
        const content = slot.letterbox.fill(frame, crop);
        const out = await this.session.run({ [INPUT]: slot.tensor });
        const candidates: Detection[] = [];
        this.decode(out, candidates);
        for (const d of candidates) found.push(toFrame(d, content, crop, frame));
      }
      return weightedNms(found, this.opts.iouThreshold).map(toFace);
    } finally {
      this.busy = false;
    }
  }

  /** a bare run on the prepared input: the floor that detect() is measured against */
  async runRaw(): Promise<void> {
    await this.session.run({ [INPUT]: this.slot(0).tensor });
  }

  /** the letterbox step alone (all tiles), for benchmarks */
  preprocess(frame: RgbFrame): void {
    tiles(frame, this.opts.tiling).forEach((crop, i) => this.slot(i).letterbox.fill(frame, crop));
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private slot(i: number): Slot {
    while (this.slots.length <= i) {
      const letterbox = new Letterbox(SIZE);
      this.slots.push({ letterbox, tensor: new ort.Tensor('float32', letterbox.input, [1, SIZE, SIZE, 3]) });
    }
    return this.slots[i] as Slot;
  }

  private decode(out: ort.InferenceSession.ReturnType, into: Detection[]): void {
    FRONT_LAYERS.forEach((layer, i) => {
      const [scores, boxes] = OUTPUTS[i] as readonly [string, string];
      decodeLayer(
        out[scores]?.data as Float32Array,
        out[boxes]?.data as Float32Array,
        layer,
        SIZE,
        this.opts.minScore,
        into,
      );
    });
  }
}

/** the crops the model sees: the whole frame, or two squares at the ends of a long frame */
export function tiles(frame: RgbFrame, tiling: 'auto' | 'off'): Rect[] {
  const { width: w, height: h } = frame;
  if (tiling === 'off' || Math.max(w, h) < TILE_ASPECT * Math.min(w, h)) return [{ x: 0, y: 0, width: w, height: h }];
  if (w > h)
    return [
      { x: 0, y: 0, width: h, height: h },
      { x: w - h, y: 0, width: h, height: h },
    ];
  return [
    { x: 0, y: 0, width: w, height: w },
    { x: 0, y: h - w, width: w, height: w },
  ];
}

/** input-normalised (after the letterbox of `crop`) -> frame-normalised, in place */
function toFrame(d: Detection, content: Rect, crop: Rect, frame: RgbFrame): Detection {
  const sx = crop.width / content.width / frame.width;
  const sy = crop.height / content.height / frame.height;
  const fx = (v: number): number => crop.x / frame.width + (v * SIZE - content.x) * sx;
  const fy = (v: number): number => crop.y / frame.height + (v * SIZE - content.y) * sy;
  d.cx = fx(d.cx);
  d.cy = fy(d.cy);
  d.w *= SIZE * sx;
  d.h *= SIZE * sy;
  for (let k = 0; k < KEYPOINTS; k++) {
    d.keypoints[k * 2] = fx(d.keypoints[k * 2] as number);
    d.keypoints[k * 2 + 1] = fy(d.keypoints[k * 2 + 1] as number);
  }
  return d;
}

function toFace(d: Detection): Face {
  const keypoints: [number, number][] = [];
  for (let k = 0; k < KEYPOINTS; k++) keypoints.push([d.keypoints[k * 2] as number, d.keypoints[k * 2 + 1] as number]);
  return { x: d.cx, y: d.cy, width: d.w, height: d.h, score: d.score, keypoints };
}

function checkGraph(s: ort.InferenceSession, path: string): void {
  const want = [INPUT, ...OUTPUTS.flat()];
  const have = [...s.inputNames, ...s.outputNames];
  const missing = want.filter((n) => !have.includes(n));
  if (missing.length > 0) throw new Error(`${path} is not BlazeFace front 128x128: it lacks ${missing.join(', ')}`);
}
