import { Emitter } from '../../../runtime/core/emitter.ts';
import type { Logger } from '../../../runtime/core/log.ts';
import type { Frame } from '../../../runtime/core/world-model.ts';
import type { DisplayConfig } from '../schema.ts';
import { cropOf } from './crop.ts';
import { H264Encoder } from './h264.ts';
import { JpegEncoder } from './jpeg.ts';
import { RawEncoder } from './raw.ts';
import type { EncodedFrame, FrameEncoder } from './types.ts';

export type ChannelSpec = Pick<DisplayConfig, 'transport' | 'jpeg' | 'h264' | 'region'>;

export interface ChannelStats {
  transport: DisplayConfig['transport'];
  /** frames handed to the encoder, and those it had no room for */
  encoded: number;
  encoderDropped: number;
  /** bytes of the last encoded frame, and the mean over the last 30 */
  lastBytes: number;
  meanBytes: number;
  /** arrival to encoded, mean over the last 30 frames (ms) */
  encodeMs: number;
  /** h264: the encoder in use (libx264 where h264_nvenc was asked for on a machine without NVENC) */
  encoder?: string;
}

/** what makes two displays' frames the same bytes: they share a channel, so one encode serves both */
export function channelKey(s: ChannelSpec): string {
  const r = s.region ? `${s.region.x},${s.region.y},${s.region.width},${s.region.height}` : 'whole';
  if (s.transport === 'jpeg') return `jpeg:q${s.jpeg.quality}|${r}`;
  if (s.transport === 'h264') return `h264:${s.h264.encoder}:${s.h264.bitrateKbps}:${s.h264.keyframeSeconds}|${r}`;
  return `raw|${r}`;
}

/**
 * One encoding of the model's frames: every display with the same transport, settings and region takes its
 * frames from here, so a frame is encoded once however many displays and pages show it.
 */
export class FrameChannel {
  private readonly encoder: FrameEncoder;
  private last: Frame | undefined;
  private readonly out: Emitter<[EncodedFrame]>;
  private readonly recent: { bytes: number; ms: number }[] = [];
  private counts = { encoded: 0, encoderDropped: 0 };

  constructor(
    readonly spec: ChannelSpec,
    log: Logger,
    fps?: number,
  ) {
    this.out = new Emitter(`frame channel ${channelKey(spec)}`, log);
    this.encoder =
      spec.transport === 'jpeg'
        ? new JpegEncoder(spec.jpeg.quality, log)
        : spec.transport === 'h264'
          ? new H264Encoder({ ...spec.h264, ...(fps ? { fps } : {}) }, log)
          : new RawEncoder();
    this.encoder.onFrame((e) => {
      this.recent.push({ bytes: e.data.byteLength, ms: e.encodeMs });
      if (this.recent.length > 30) this.recent.shift();
      this.out.emit(e);
    });
  }

  /** a frame for the displays on this channel; the same frame from a second display is not encoded again */
  submit(frame: Frame): void {
    if (frame === this.last) return;
    this.last = frame;
    const crop = cropOf(this.spec.region, frame.width, frame.height, this.spec.transport === 'h264');
    if (this.encoder.push(frame, crop)) this.counts.encoded++;
    else this.counts.encoderDropped++;
  }

  onFrame(fn: (e: EncodedFrame) => void): () => void {
    return this.out.on(fn);
  }

  stats(): ChannelStats {
    const n = Math.max(1, this.recent.length);
    return {
      transport: this.spec.transport,
      ...this.counts,
      lastBytes: this.recent.at(-1)?.bytes ?? 0,
      meanBytes: Math.round(this.recent.reduce((a, r) => a + r.bytes, 0) / n),
      encodeMs: Number((this.recent.reduce((a, r) => a + r.ms, 0) / n).toFixed(2)),
      ...(this.encoder instanceof H264Encoder ? { encoder: this.encoder.encoderInUse } : {}),
    };
  }

  close(): Promise<void> {
    return this.encoder.close();
  }
}

/** The channels of an exhibit, one per distinct encoding. */
export class FrameChannels {
  private readonly channels = new Map<string, FrameChannel>();

  constructor(
    private readonly log: Logger,
    private readonly fps?: number,
  ) {}

  get(spec: ChannelSpec): FrameChannel {
    const key = channelKey(spec);
    let c = this.channels.get(key);
    if (!c) {
      c = new FrameChannel(spec, this.log.child({ channel: key }), this.fps);
      this.channels.set(key, c);
    }
    return c;
  }

  get size(): number {
    return this.channels.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.channels.values()].map((c) => c.close()));
  }
}
