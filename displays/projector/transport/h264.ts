import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../../../runtime/core/log.ts';
import { Retrier } from '../../../runtime/core/retrier.ts';
import type { Frame } from '../../../runtime/core/world-model.ts';
import { isWhole } from './crop.ts';
import { FlvReader } from './flv.ts';
import type { Crop, EncodedFrame, FrameEncoder } from './types.ts';

export interface H264Options {
  encoder: 'libx264' | 'h264_nvenc';
  bitrateKbps: number;
  keyframeSeconds: number;
  /** the frame rate the bitrate is spread over (the model's fps) */
  fps?: number;
  ffmpeg?: string;
}

/** frames in the encoder at once; more and the frame is dropped (the encoder is behind) */
const MAX_IN_FLIGHT = 3;

/**
 * what ffmpeg says when this machine cannot open an NVENC session: no NVIDIA driver (libcuda), a driver without
 * the encode library, no GPU, a GPU without an encoder (data-centre chips such as the A100, H100 and H200:
 * "OpenEncodeSessionEx failed: unsupported device"), a driver too old for ffmpeg's NVENC API
 */
const NO_NVENC = /libcuda|libnvidia-encode|cuInit|CUDA_ERROR|OpenEncodeSessionEx|No capable devices|nvenc API version/i;

/** the ffmpeg arguments: raw RGBA in, H.264 (constrained baseline, no B-frames, no lookahead) in FLV out */
export function ffmpegArgs(o: H264Options, width: number, height: number, crop: Crop): string[] {
  const fps = o.fps ?? 30;
  const gop = Math.max(1, Math.round(o.keyframeSeconds * fps));
  const rate = `${o.bitrateKbps}k`;
  const codec =
    o.encoder === 'h264_nvenc'
      ? ['-c:v', 'h264_nvenc', '-preset', 'p1', '-tune', 'ull', '-zerolatency', '1', '-delay', '0', '-rc', 'cbr']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-x264-params', 'sliced-threads=1'];
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0'],
    // BT.709 limited range, converted and tagged so the page's decoder turns it back into the same colours
    ...[
      '-vf',
      [
        ...(isWhole(crop, width, height) ? [] : [`crop=${crop.width}:${crop.height}:${crop.x}:${crop.y}`]),
        'scale=out_color_matrix=bt709:out_range=tv',
      ].join(','),
    ],
    ...['-an', ...codec, '-pix_fmt', 'yuv420p', '-profile:v', 'baseline', '-bf', '0'],
    ...['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'],
    ...['-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0'],
    ...['-b:v', rate, '-maxrate', rate, '-bufsize', `${Math.round((o.bitrateKbps * 2) / fps)}k`],
    ...['-flush_packets', '1', '-f', 'flv', 'pipe:1'],
  ];
}

interface Running {
  proc: ChildProcessByStdio<Writable, Readable, Readable>;
  key: string;
  reader: FlvReader;
  pending: { step: number; at: number }[];
  config?: { record: Buffer; codec: string };
  stderr: string;
  /** it gave at least one access unit */
  produced: boolean;
}

/**
 * H.264 through an ffmpeg process (libx264 ultrafast/zerolatency on the CPU, or NVENC): one frame in, one
 * access unit out, no frame held back. A key frame every `keyframeSeconds`, where a page that joined or fell
 * behind starts again. A dead ffmpeg is started again after a backoff; meanwhile frames are dropped. Where
 * NVENC was asked for and this machine has none, the frames are encoded with libx264 instead (said once in the
 * log and in `encoderInUse`): a projector shows the world, never a black wall, over a GPU it does not have.
 */
export class H264Encoder implements FrameEncoder {
  /** the encoder the frames go through now: the one configured, or libx264 where NVENC could not start */
  encoderInUse: H264Options['encoder'];
  private listener: (e: EncodedFrame) => void = () => undefined;
  private run: Running | undefined;
  private retryAt = 0;
  private readonly retrier = new Retrier({ firstMs: 500, maxMs: 30_000 });
  private closed = false;

  constructor(
    private readonly options: H264Options,
    private readonly log: Logger,
  ) {
    this.encoderInUse = options.encoder;
  }

  push(frame: Frame, crop: Crop): boolean {
    if (this.closed) return false;
    const key = `${frame.width}x${frame.height}:${crop.x},${crop.y},${crop.width}x${crop.height}`;
    if (this.run && this.run.key !== key) this.stop(this.run);
    this.run ??= this.start(frame, crop, key);
    const run = this.run;
    if (!run || run.pending.length >= MAX_IN_FLIGHT || !run.proc.stdin.writable) return false;
    run.pending.push({ step: frame.step, at: frame.at });
    run.proc.stdin.write(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength));
    return true;
  }

  onFrame(fn: (e: EncodedFrame) => void): void {
    this.listener = fn;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.run) this.stop(this.run);
  }

  private start(frame: Frame, crop: Crop, key: string): Running | undefined {
    if (performance.now() < this.retryAt) return undefined;
    const bin = this.options.ffmpeg ?? 'ffmpeg';
    const args = ffmpegArgs({ ...this.options, encoder: this.encoderInUse }, frame.width, frame.height, crop);
    const proc = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const run: Running = { proc, key, reader: new FlvReader(), pending: [], stderr: '', produced: false };
    proc.stdin.on('error', () => undefined); // EPIPE when ffmpeg died: 'exit' reports it
    proc.stderr.on('data', (d: Buffer) => (run.stderr = (run.stderr + d.toString()).slice(-2000)));
    proc.stdout.on('data', (d: Buffer) => this.read(run, d, crop));
    proc.on('error', (err) => this.ended(run, err.message));
    proc.on('exit', (code, signal) => this.ended(run, `ffmpeg exited (${signal ?? code}): ${run.stderr.trim()}`));
    return run;
  }

  private read(run: Running, chunk: Buffer, crop: Crop): void {
    for (const v of run.reader.push(chunk)) {
      if (v.kind === 'config') {
        run.config = { record: v.record, codec: v.codec };
        continue;
      }
      const source = run.pending.shift();
      run.produced = true;
      if (!source || run !== this.run) continue;
      this.retrier.reset();
      this.listener({
        codec: 'h264',
        width: crop.width,
        height: crop.height,
        step: source.step,
        data: v.data,
        key: v.key,
        ...(v.key && run.config ? { description: run.config.record, codecString: run.config.codec } : {}),
        encodeMs: performance.now() - source.at,
      });
    }
  }

  private ended(run: Running, why: string): void {
    if (run !== this.run) return;
    this.run = undefined;
    if (this.closed) return;
    if (this.encoderInUse === 'h264_nvenc' && !run.produced && NO_NVENC.test(run.stderr)) {
      this.encoderInUse = 'libx264';
      this.log.warn(
        { encoder: 'h264_nvenc', reason: run.stderr.trim().split('\n')[0] },
        'NVENC is not available on this machine: the H.264 frames are encoded with libx264 on the CPU instead',
      );
      return; // the next frame starts libx264 at once
    }
    const wait = this.retrier.next();
    this.retryAt = performance.now() + wait;
    this.log.warn({ encoder: this.options.encoder, retryInMs: wait }, `the H.264 encoder stopped: ${why}`);
  }

  private stop(run: Running): void {
    if (this.run === run) this.run = undefined;
    run.proc.stdin.end();
    const kill = setTimeout(() => run.proc.kill('SIGKILL'), 1000);
    run.proc.once('exit', () => clearTimeout(kill));
  }
}
