import type { Conditions, PromptEvent } from './signals.ts';
import type { Logger } from './log.ts';
import type { Manifest, StateDtype } from './manifest.ts';

/** What a model did with a text instruction, for the operator's instruction log. */
export interface InstructionAck {
  accepted: boolean;
  /** e.g. 'style -> sunset (matched "golden")' or why nothing changed */
  effect: string;
  style?: string;
}

/** an acknowledgement now, and, from a service that answers later, its own answer when it comes */
export type PendingAck = InstructionAck & { settled?: Promise<InstructionAck> };

/** A picture handed to a model (a camera snapshot, a visitor's drawing): packed rgb24 rows. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * One RGBA frame, row-major, sRGB. `data` starts on a 4-byte boundary of its buffer (outputs read it as
 * 32-bit pixels); the ONNX host transfers it from its worker, the remote client views the response in place.
 */
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

/** What a world's transport can do now, for the console (greyed out with the reason when not available). */
export interface TransportStatus {
  available: boolean;
  paused: boolean;
  /** why pause/rewind cannot be used with this world (when not available) */
  reason?: string;
  /** a rewind moves in steps of this many seconds (HappyOyster: 4); absent: any number */
  rewindStepSeconds?: number;
  /** true when a rewind needs a pause first */
  rewindOnlyWhilePaused?: boolean;
  /** why this world cannot rewind though it pauses (a service that keeps no history) */
  noRewind?: string;
  /** how far back a rewind can go now, where it is known */
  rewindableSeconds?: number;
  /** the runtime's rewind ring: snapshots held and their memory */
  snapshots?: number;
  memoryBytes?: number;
}

/**
 * Pause, resume and rewind of a running world. A service that keeps the world's clock (HappyOyster's
 * Directing travel) does it itself; the runtime does it for a model whose state it can save.
 */
export interface WorldTransport {
  status(): TransportStatus;
  /** each answers at once; `settled`, when present, is the world's own answer */
  pause(): PendingAck;
  resume(): PendingAck;
  rewind(seconds: number): PendingAck;
}

export interface ModelSession {
  /** present where the world pauses and rewinds itself (a service); else the runtime may do it from saved states */
  readonly transport?: WorldTransport;
  /**
   * ms this world has left before it ends by itself (a HappyOyster travel's budget), 0 once it has ended;
   * absent or undefined: it runs as long as the visit. The kiosk ends the visit when it runs out.
   */
  timeLeftMs?(): number | undefined;
  /** held conditions, latest wins; never blocks */
  push(c: Partial<Conditions>): void;
  /** a text instruction, applied to the next step; says what it did (a service: also what it answered later) */
  instruct(p: PromptEvent): PendingAck;
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
  describe(): BackendStatus;
  /** makes the backend fail as a crash would (operators' diagnostic, tests); onFailure listeners are told */
  crash(): void;
  close(): Promise<void>;
}

/** Where and how a world model runs, for /api/status and the console. */
export interface BackendStatus {
  /** 'onnx', 'remote', ... */
  backend: string;
  /** the execution provider or the server's address */
  where: string;
  /** the server's sequence (one per world), where the state lives outside this process */
  sequence?: string;
  /** mean round-trip time of the last steps, where a network is between */
  roundTripMs?: number;
  /** set while the exhibit's fallback model runs instead of its own: why its own cannot run */
  fallback?: string;
}

/** one step of a backend's load, where it can tell (a remote: connecting, the server ready, the model ready...) */
export interface LoadStep {
  what: string;
  done?: number;
  total?: number;
}

export interface ModelLoadOptions {
  /** told of each step of the load, where the backend knows them */
  progress?: (step: LoadStep) => void;
  provider?: 'cpu' | 'cuda' | 'tensorrt';
  /** intra-op threads, where the model runs in this process; default: all cores */
  threads?: number;
  /** 1 (default): the next step is computed while the caller uses this one; 0: lowest latency, no overlap */
  lookahead?: 0 | 1;
  log?: Logger;
}

/**
 * One way to run a model folder (onnxruntime in a worker thread, a remote inference server, ...). The model
 * keeper is handed the backend the folder asks for, so the loop, the console and the pages never know which.
 */
export interface WorldModelBackend {
  readonly kind: string;
  /** true when this backend runs the folder whose manifest.json parsed to `manifest` */
  accepts(manifest: Record<string, unknown>, files: { modelOnnx: boolean }): boolean;
  load(dir: string, opts: ModelLoadOptions): Promise<WorldModel>;
}
