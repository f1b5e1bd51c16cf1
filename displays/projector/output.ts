import type { Socket } from 'socket.io';
import { Emitter } from '../../runtime/core/emitter.ts';
import { logger, type Logger } from '../../runtime/core/log.ts';
import type { AudioChunk, Frame } from '../../runtime/core/world-model.ts';
import type { Output, OutputState, OutputStats } from '../../runtime/core/output.ts';
import type {
  DisplayToPage,
  FrameMeta,
  PageScreen,
  PageToDisplay,
  ProjectionMapping,
  TestPattern,
} from '../../runtime/core/display-protocol.ts';
import { IDENTITY_MAPPING } from './mapping/schema.ts';
import type { DisplayConfig } from './schema.ts';
import { FrameChannels, type ChannelStats, type FrameChannel } from './transport/channel.ts';
import type { EncodedFrame } from './transport/types.ts';

export { displaySchema, type DisplayConfig } from './schema.ts';

export type PageSocket = Socket<PageToDisplay, DisplayToPage>;

const ACK_TIMEOUT_MS = 2000;
/** audio chunks a page may have unacknowledged (~0.3 s of sound at 25 steps/s) */
export const AUDIO_WINDOW = 8;

/** H.264 frames a page may have unacknowledged (received, not yet decoded); past that it skips to a key frame */
const H264_WINDOW = 3;

interface PageLink {
  socket: PageSocket;
  /** raw, jpeg: waiting for the page to draw the last frame */
  busy: boolean;
  /** h264: frames sent and not yet decoded; a page that skipped one waits for a key frame */
  inFlight: number;
  needKey: boolean;
  /** audio chunks waiting for their ack */
  audio: number;
  /** an ack timed out: the page gets one chunk of sound at a time until it acknowledges something in time */
  stalled: boolean;
}

export interface ProjectorStats extends OutputStats, Partial<ChannelStats> {
  /** bytes sent to this display's pages since start */
  sentBytes: number;
  /** the last page's drawing size, as it reported it */
  screen?: PageScreen;
}

/**
 * One projector: every page open at /display/<id>. Frames come from the display's channel (encoded once for
 * every display that shares the transport). A page gets the next frame only after it drew the last one (raw,
 * JPEG) or while it decodes fewer than three (H.264, where a page that skipped a frame waits for the next key
 * frame), so a slow page drops frames instead of queueing them, and never slows the loop.
 */
export class ProjectorOutput implements Output {
  readonly kind = 'display';
  private readonly pages = new Map<string, PageLink>();
  private everConnected = false;
  private closed = false;
  private readonly states: Emitter<[OutputState]>;
  private counts = { presented: 0, dropped: 0, audioDropped: 0, sentBytes: 0 };
  /** when a page released each recent frame it drew (Date.now(), by step), for motion-to-photon */
  readonly drawn: { step: number; at: number }[] = [];
  private readonly channel: FrameChannel;
  private readonly ownChannels: FrameChannels | undefined;
  private readonly offChannel: () => void;
  private mappingNow: ProjectionMapping;
  private patternNow: TestPattern | null = null;
  private screenNow: PageScreen | undefined;

  constructor(
    readonly config: DisplayConfig,
    log: Logger = logger('display'),
    channels?: FrameChannels,
  ) {
    this.states = new Emitter(`display ${config.id} state`, log);
    if (!channels) this.ownChannels = channels = new FrameChannels(log);
    this.channel = channels.get(config);
    this.offChannel = this.channel.onFrame((e) => this.send(e));
    this.mappingNow = config.mapping ?? IDENTITY_MAPPING;
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

  get mapping(): ProjectionMapping {
    return this.mappingNow;
  }

  get pattern(): TestPattern | null {
    return this.patternNow;
  }

  get screen(): PageScreen | undefined {
    return this.screenNow;
  }

  attach(socket: PageSocket): void {
    if (this.closed) return void socket.disconnect(true);
    this.pages.set(socket.id, { socket, busy: false, inFlight: 0, needKey: true, audio: 0, stalled: false });
    this.everConnected = true;
    socket.on('disconnect', () => {
      if (this.pages.delete(socket.id)) this.emitState();
    });
    socket.on('screen', (s) => {
      const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0);
      const screen = {
        width: n(s?.width),
        height: n(s?.height),
        pictureWidth: n(s?.pictureWidth),
        pictureHeight: n(s?.pictureHeight),
      };
      if (screen.width && screen.height) this.screenNow = screen;
    });
    socket.emit('mapping', this.mappingNow);
    socket.emit('pattern', this.patternNow);
    this.emitState();
  }

  /** a new calibration: every page of this display draws with it at once */
  setMapping(m: ProjectionMapping): void {
    this.mappingNow = m;
    for (const p of this.pages.values()) p.socket.emit('mapping', m);
  }

  setPattern(p: TestPattern | null): void {
    this.patternNow = p;
    for (const page of this.pages.values()) page.socket.emit('pattern', p);
  }

  presentFrame(frame: Frame): void {
    if (this.pages.size) this.channel.submit(frame);
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

  stats(): ProjectorStats {
    return { ...this.counts, ...this.channel.stats(), ...(this.screenNow ? { screen: this.screenNow } : {}) };
  }

  /** idempotent: every page is let go, and the output reports 'closed' once */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.offChannel();
    const pages = [...this.pages.values()];
    this.pages.clear();
    for (const page of pages) page.socket.disconnect(true);
    await this.ownChannels?.close();
    this.emitState();
  }

  private send(e: EncodedFrame): void {
    const meta: FrameMeta = {
      codec: e.codec,
      width: e.width,
      height: e.height,
      step: e.step,
      sentAt: Date.now(),
      encodeMs: Number(e.encodeMs.toFixed(2)),
      ...(e.codec === 'h264' ? { key: e.key } : {}),
      ...(e.description ? { description: e.description as unknown as ArrayBuffer, codecString: e.codecString } : {}),
    };
    const payload = e.data as unknown as ArrayBuffer;
    for (const page of this.pages.values()) {
      if (!this.admit(page, e)) {
        this.counts.dropped++;
        continue;
      }
      this.counts.presented++;
      this.counts.sentBytes += e.data.byteLength;
      page.socket.timeout(ACK_TIMEOUT_MS).emit('frame', meta, payload, (err: Error | null) => {
        if (e.codec === 'h264') page.inFlight = Math.max(0, page.inFlight - 1);
        else page.busy = false;
        page.stalled = !!err;
        if (!err) this.noteDrawn(e.step);
      });
    }
  }

  private noteDrawn(step: number): void {
    this.drawn.push({ step, at: Date.now() });
    if (this.drawn.length > 240) this.drawn.shift();
  }

  /** whether this page takes this frame now (and marks it as taken) */
  private admit(page: PageLink, e: EncodedFrame): boolean {
    if (e.codec !== 'h264') {
      if (page.busy) return false;
      page.busy = true;
      return true;
    }
    if (page.inFlight >= H264_WINDOW) page.needKey = true;
    if (page.needKey && !(e.key && page.inFlight < H264_WINDOW)) return false;
    page.needKey = false;
    page.inFlight++;
    return true;
  }

  private emitState(): void {
    this.states.emit(this.state);
  }
}
