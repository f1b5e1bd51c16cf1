import type { Conditions, PromptEvent } from './signals.ts';
import type { Manifest, StateDtype } from './manifest.ts';

/** What a model did with a text instruction, for the operator's instruction log. */
export interface InstructionAck {
  accepted: boolean;
  /** e.g. 'style -> sunset (matched "golden")' or why nothing changed */
  effect: string;
  style?: string;
}

/** A picture handed to a model (a camera snapshot, a visitor's drawing): packed rgb24 rows. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** One RGBA frame, row-major, sRGB. The buffer was transferred from the model worker, not copied. */
export interface Frame {
  width: number;
  height: number;
  data: Uint8Array;
  step: number;
  /** performance.now() when the frame reached the main thread */
  at: number;
}

/** Planar float audio: `samples` values of channel 0, then channel 1, ... */
export interface AudioChunk {
  rate: number;
  channels: number;
  samples: number;
  data: Float32Array;
  step: number;
}

export interface StepOutput {
  frames: Frame[];
  audio?: AudioChunk;
  /** time the worker spent in session.run for this step */
  runMs: number;
}

export interface SavedTensor {
  dtype: StateDtype;
  shape: number[];
  data: ArrayBuffer;
}

/** Everything needed to carry a world on: restore it and the next frame is the same. */
export interface ModelState {
  model: string;
  step: number;
  style?: string;
  tensors: Record<string, SavedTensor>;
}

export interface ModelSession {
  /** held conditions, latest wins; never blocks */
  push(c: Partial<Conditions>): void;
  /** a text instruction, applied to the next step; says what it did */
  instruct(p: PromptEvent): InstructionAck;
  /** pulls the next step (frames + audio); pulling is what drives the model (backpressure) */
  next(): Promise<StepOutput>;
  frames(): AsyncIterableIterator<Frame>;
  /** audio of the steps that frames() pulled; a bounded queue that drops its oldest chunk when full */
  audio(): AsyncIterableIterator<AudioChunk>;
  saveState(): Promise<ModelState>;
  restoreState(s: ModelState): Promise<void>;
  close(): Promise<void>;
  readonly closed: boolean;
  readonly style: string | undefined;
  readonly steps: number;
}

export interface OpenSessionOptions {
  seed?: number;
  /** a style preset to start in (else the manifest's default) */
  style?: string;
  /** a picture to start the world from (wm/1 init.onnx "image"); the model's style follows it if it says how */
  image?: RgbImage;
  abort?: AbortSignal;
}

export interface WorldModel {
  readonly manifest: Manifest;
  openSession(opts?: OpenSessionOptions): Promise<ModelSession>;
  /** called once if the model fails for good (worker crashed); the owner reloads it */
  onFailure(fn: (err: Error) => void): () => void;
  close(): Promise<void>;
}
