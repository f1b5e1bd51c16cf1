import { blazeFacePath } from './assets.ts';
import { DEFAULT_MIN_FACE_SCORE, FaceDetector, type Face } from './blazeface.ts';
import type { RgbFrame } from './frame.ts';
import { insideAny, MotionDetector, type IgnoreRect, type MotionOptions } from './motion.ts';
import { PresenceGate, type PresenceOptions } from './presence.ts';

export interface PerceptionOptions {
  /** false: no face model at all (motion and presence only; nothing to fetch) */
  faces?: boolean;
  /** the BlazeFace .onnx; blazeFacePath() when left out */
  modelPath?: string;
  /** onnxruntime threads for the face model (default 1) */
  threads?: number;
  /** lowest face score counted (default 0.75) */
  minFaceScore?: number;
  /** how wide frames reach the face model (default 'auto': two square tiles); see FaceDetectorOptions */
  tiling?: 'auto' | 'off';
  /** run the face model on every Nth frame and carry its answer between (default 1: every frame) */
  faceInterval?: number;
  motion?: MotionOptions;
  /** parts of the picture left out (a screen or a door in view): no motion and no faces there */
  ignore?: readonly IgnoreRect[];
  presence?: PresenceOptions;
}

export interface PerceptionResult {
  /** frames processed before this one */
  frame: number;
  faces: number;
  /** the largest face: centre (0..1 of the frame) and its box height as a share of the frame height */
  nearest?: { x: number; y: number; size: number };
  presence: boolean;
  motion: { energy: number; regions: number[]; centroid?: [number, number] };
}

/**
 * Faces, motion and presence from camera frames, for the camera driver's worker. Deterministic: the same
 * frames give the same results, whatever the wall clock says.
 */
export class Perception {
  private frameCount = 0;
  private lastFaces: Face[] = [];
  private busy = false;

  private constructor(
    private readonly faces: FaceDetector | undefined,
    private readonly motion: MotionDetector,
    private readonly presence: PresenceGate,
    private readonly faceInterval: number,
    private readonly ignore: readonly IgnoreRect[],
  ) {}

  static async create(opts: PerceptionOptions = {}): Promise<Perception> {
    const faceInterval = opts.faceInterval ?? 1;
    if (!Number.isInteger(faceInterval) || faceInterval < 1)
      throw new RangeError(`faceInterval must be a positive integer, got ${faceInterval}`);
    const motion = new MotionDetector({ ...opts.motion, ...(opts.ignore ? { ignore: opts.ignore } : {}) });
    const presence = new PresenceGate(opts.presence);
    const faces =
      opts.faces === false
        ? undefined
        : await FaceDetector.load(opts.modelPath ?? blazeFacePath(), {
            threads: opts.threads ?? 1,
            minScore: opts.minFaceScore ?? DEFAULT_MIN_FACE_SCORE,
            tiling: opts.tiling ?? 'auto',
          });
    return new Perception(faces, motion, presence, faceInterval, opts.ignore ?? []);
  }

  /** one frame at a time: await each call before the next (frames are state, not a queue) */
  async process(frame: RgbFrame): Promise<PerceptionResult> {
    if (this.busy) throw new Error('Perception.process called again before the previous frame finished');
    this.busy = true;
    try {
      return await this.step(frame);
    } finally {
      this.busy = false;
    }
  }

  private async step(frame: RgbFrame): Promise<PerceptionResult> {
    const m = this.motion.update(frame);
    if (this.faces && this.frameCount % this.faceInterval === 0) this.lastFaces = await this.faces.detect(frame);
    const faces = this.ignore.length ? this.lastFaces.filter((f) => !insideAny(this.ignore, f.x, f.y)) : this.lastFaces;
    const result: PerceptionResult = {
      frame: this.frameCount++,
      faces: faces.length,
      presence: this.presence.update(faces.length, m.energy),
      motion: {
        energy: m.energy,
        regions: Array.from(m.regions),
        ...(m.centroid ? { centroid: [m.centroid[0], m.centroid[1]] } : {}),
      },
    };
    const near = largest(faces);
    if (near) result.nearest = { x: near.x, y: near.y, size: near.height };
    return result;
  }

  /** start over: no previous frame, nobody present */
  reset(): void {
    this.frameCount = 0;
    this.lastFaces = [];
    this.motion.reset();
    this.presence.reset();
  }

  async close(): Promise<void> {
    await this.faces?.close();
  }
}

function largest(faces: readonly Face[]): Face | undefined {
  let best: Face | undefined;
  for (const f of faces) if (!best || f.width * f.height > best.width * best.height) best = f;
  return best;
}
