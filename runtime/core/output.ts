import type { AudioChunk, Frame } from './world-model.ts';

export type OutputState = 'closed' | 'opening' | 'open' | 'lost' | 'closing';

export interface OutputStats {
  presented: number;
  /** dropped because the output was busy: outputs drop, they never queue or block the loop */
  dropped: number;
  /** audio chunks dropped (a page that does not acknowledge its sound) */
  audioDropped?: number;
}

/** A display page, a speaker, a recorder: anything the loop fans frames and audio out to. */
export interface Output {
  readonly id: string;
  readonly kind: string;
  readonly state: OutputState;
  /** never blocks; drops if the output is busy */
  presentFrame?(frame: Frame): void;
  presentAudio?(chunk: AudioChunk): void;
  onState(fn: (s: OutputState, err?: Error) => void): () => void;
  stats(): OutputStats;
  close(): Promise<void>;
}
