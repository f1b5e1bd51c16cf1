import type { GraphIO } from '../contract/graph.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type { SavedTensor } from '../../runtime/core/world-model.ts';

export type Provider = 'cpu' | 'cuda' | 'tensorrt';

/** main thread -> model worker */
export type ToWorker =
  | { kind: 'load'; modelPath: string; initPath?: string; manifest: Manifest; provider: Provider; threads: number }
  /** image: rgb24 at the manifest's init.image size, when the world starts from a picture */
  | { kind: 'init'; id: number; seed: number; style?: Float32Array; image?: Uint8Array }
  | { kind: 'step'; id: number; action: Float32Array; style?: Float32Array }
  | { kind: 'rollback' }
  /** diagnostic: the worker dies of an uncaught error once the work queued before it is done */
  | { kind: 'crash' }
  | { kind: 'save'; id: number }
  | { kind: 'restore'; id: number; tensors: Record<string, SavedTensor> };

/** model worker -> main thread */
export type FromWorker =
  | { kind: 'loaded'; step: GraphIO; init?: GraphIO }
  | { kind: 'load-failed'; file: string; message: string }
  /** after init: style_out, the style a starting picture implies, when init.onnx gives one */
  | { kind: 'done'; id: number; style?: Float32Array }
  | { kind: 'stepped'; id: number; frame: Uint8Array; audio?: Float32Array; runMs: number }
  | { kind: 'saved'; id: number; tensors: Record<string, SavedTensor> }
  | { kind: 'failed'; id: number; message: string; reason: 'run-failed' | 'bad-state' };
