import type { RgbFrame } from './frame.ts';
import type { PerceptionOptions, PerceptionResult } from './perceive.ts';

export type ToPerception =
  | { kind: 'start'; id: number; options: PerceptionOptions }
  | { kind: 'frame'; id: number; frame: RgbFrame }
  /** end the thread once the frames before it are done */
  | { kind: 'stop'; id: number };

export type FromPerception =
  | { kind: 'started'; id: number }
  | { kind: 'result'; id: number; result: PerceptionResult }
  | { kind: 'failed'; id: number; message: string };
