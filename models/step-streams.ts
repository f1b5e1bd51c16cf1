import type { AudioChunk, Frame, StepOutput } from '../runtime/core/world-model.ts';

const AUDIO_QUEUE = 8;

/**
 * A session's frames() and audio() iterators over its next(): frames are pulled (pulling drives the model),
 * audio waits in a bounded queue that drops its oldest chunk when full. Shared by every backend's session.
 */
export class StepStreams {
  private readonly queue: AudioChunk[] = [];
  private waiter: ((c: AudioChunk | undefined) => void) | undefined;
  /** audio chunks dropped because nobody read them in time */
  dropped = 0;

  constructor(
    private readonly next: () => Promise<StepOutput>,
    private readonly isClosed: () => boolean,
  ) {}

  async *frames(): AsyncIterableIterator<Frame> {
    while (!this.isClosed()) {
      const out = await this.next();
      if (out.audio) this.queueAudio(out.audio);
      yield* out.frames;
    }
  }

  async *audio(): AsyncIterableIterator<AudioChunk> {
    while (!this.isClosed()) {
      const chunk = this.queue.shift() ?? (await new Promise<AudioChunk | undefined>((r) => (this.waiter = r)));
      if (!chunk) return;
      yield chunk;
    }
  }

  /** the session closed: a reader waiting for audio ends */
  end(): void {
    this.waiter?.(undefined);
    this.waiter = undefined;
  }

  private queueAudio(chunk: AudioChunk): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      return w(chunk);
    }
    if (this.queue.length >= AUDIO_QUEUE) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(chunk);
  }
}
