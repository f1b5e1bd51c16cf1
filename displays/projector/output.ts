import type { Socket } from 'socket.io';
import { z } from 'zod';
import { Emitter } from '../../runtime/core/emitter.ts';
import { logger, type Logger } from '../../runtime/core/log.ts';
import type { AudioChunk, Frame } from '../../runtime/core/world-model.ts';
import type { Output, OutputState, OutputStats } from '../../runtime/core/output.ts';
import type { DisplayToPage, PageToDisplay } from '../../runtime/core/display-protocol.ts';

export const displaySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][\w-]*$/i, 'letters, digits, "-" and "_" (it is the page address /display/<id>)'),
  title: z.string().optional(),
  /** play the model's sound through this page's Web Audio */
  audio: z.boolean().default(true),
});
export type DisplayConfig = z.infer<typeof displaySchema>;

export type PageSocket = Socket<PageToDisplay, DisplayToPage>;

const ACK_TIMEOUT_MS = 2000;
/** audio chunks a page may have unacknowledged (~0.3 s of sound at 25 steps/s) */
export const AUDIO_WINDOW = 8;

interface Page {
  socket: PageSocket;
  /** a frame waits for its ack */
  busy: boolean;
  /** audio chunks waiting for their ack */
  audio: number;
  /** an ack timed out: the page gets one chunk of sound at a time until it acknowledges something in time */
  stalled: boolean;
}

/**
 * One projector: every page open at /display/<id>. A page gets the next frame only after it acknowledged
 * drawing the last one, and at most AUDIO_WINDOW chunks of sound it has not acknowledged, so a slow page (or
 * one that stopped reading) drops frames and sound instead of queueing them in the runtime.
 */
export class ProjectorOutput implements Output {
  readonly kind = 'display';
  private readonly pages = new Map<string, Page>();
  private everConnected = false;
  private closed = false;
  private readonly states: Emitter<[OutputState]>;
  private counts: Required<OutputStats> = { presented: 0, dropped: 0, audioDropped: 0 };

  constructor(
    readonly config: DisplayConfig,
    log: Logger = logger('display'),
  ) {
    this.states = new Emitter(`display ${config.id} state`, log);
  }

  get id(): string {
    return this.config.id;
  }

  get state(): OutputState {
    if (this.closed) return 'closed';
    if (this.pages.size) return 'open';
    return this.everConnected ? 'lost' : 'opening';
  }

  get clients(): number {
    return this.pages.size;
  }

  attach(socket: PageSocket): void {
    if (this.closed) return void socket.disconnect(true);
    this.pages.set(socket.id, { socket, busy: false, audio: 0, stalled: false });
    this.everConnected = true;
    socket.on('disconnect', () => {
      if (this.pages.delete(socket.id)) this.emitState();
    });
    this.emitState();
  }

  presentFrame(frame: Frame): void {
    const bytes = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
    const meta = { width: frame.width, height: frame.height, step: frame.step, sentAt: Date.now() };
    for (const page of this.pages.values()) {
      if (page.busy) {
        this.counts.dropped++;
        continue;
      }
      page.busy = true;
      this.counts.presented++;
      page.socket.timeout(ACK_TIMEOUT_MS).emit('frame', meta, bytes as unknown as ArrayBuffer, (err: Error | null) => {
        page.busy = false;
        page.stalled = !!err;
      });
    }
  }

  presentAudio(chunk: AudioChunk): void {
    if (!this.config.audio) return;
    const bytes = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
    const meta = { rate: chunk.rate, channels: chunk.channels, samples: chunk.samples, step: chunk.step };
    for (const page of this.pages.values()) {
      if (page.audio >= (page.stalled ? 1 : AUDIO_WINDOW)) {
        this.counts.audioDropped++;
        continue;
      }
      page.audio++;
      page.socket.timeout(ACK_TIMEOUT_MS).emit('audio', meta, bytes as unknown as ArrayBuffer, (err: Error | null) => {
        page.audio--;
        page.stalled = !!err;
      });
    }
  }

  onState(fn: (s: OutputState) => void): () => void {
    return this.states.on(fn);
  }

  stats(): OutputStats {
    return { ...this.counts };
  }

  /** idempotent: every page is let go, and the output reports 'closed' once */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pages = [...this.pages.values()];
    this.pages.clear();
    for (const page of pages) page.socket.disconnect(true);
    this.emitState();
  }

  private emitState(): void {
    this.states.emit(this.state);
  }
}
