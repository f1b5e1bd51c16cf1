/**
 * Scope's MPEG-TS (H.264) to RGBA frames of one size, by an ffmpeg child process. Node reads the stream and
 * writes it to ffmpeg's stdin, so bytes that are not MPEG-TS are caught here at once (each 188-byte packet
 * starts with the sync byte 0x47) with a message that says so, where ffmpeg would probe them for seconds.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

const TS_PACKET = 188;
const SYNC = 0x47;

export interface TsDecoderOptions {
  width: number;
  height: number;
  /** each whole frame, RGBA, width x height, a fresh buffer */
  onFrame(rgba: Uint8Array): void;
  /** told once: ffmpeg missing or exited, or bytes that are not MPEG-TS */
  onError(err: Error): void;
  ffmpeg?: string;
}

/** ffmpeg reading MPEG-TS on stdin, writing raw RGBA frames on stdout with as little delay as it allows */
export function tsDecoderArgs(width: number, height: number): string[] {
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    // one decoder thread: frame threads would hold a frame each before the first comes out. No "nobuffer":
    // it drops the packets read while probing, and the frames after them lose their references
    ...[
      '-flags',
      'low_delay',
      '-threads',
      '1',
      '-probesize',
      '32768',
      '-analyzeduration',
      '100000',
      '-fpsprobesize',
      '0',
    ],
    ...['-f', 'mpegts', '-i', 'pipe:0', '-map', '0:v:0', '-an'],
    ...['-vf', `scale=${width}:${height}`, '-pix_fmt', 'rgba', '-fps_mode', 'passthrough'],
    ...['-flush_packets', '1', '-f', 'rawvideo', 'pipe:1'],
  ];
}

export class TsDecoder {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly frameBytes: number;
  private frame: Uint8Array | undefined;
  private filled = 0;
  /** bytes of the stream so far: where the next packet's sync byte must be */
  private offset = 0;
  private stderr = '';
  private failed = false;
  private stopped = false;

  constructor(private readonly o: TsDecoderOptions) {
    this.frameBytes = o.width * o.height * 4;
    const bin = o.ffmpeg ?? 'ffmpeg';
    this.child = spawn(bin, tsDecoderArgs(o.width, o.height), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(
        err.code === 'ENOENT'
          ? `${bin} is not installed (Debian: apt-get install ffmpeg; or set "transport": "headless")`
          : `${bin} could not be started: ${err.message}`,
      ),
    );
    this.child.stdin.on('error', () => undefined); // EPIPE: the exit says why
    this.child.stdout.on('data', (d: Buffer) => this.output(d));
    this.child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-2000)));
    this.child.on('exit', (code, signal) => {
      if (this.stopped) return;
      const tail = this.lastWords();
      this.fail(`ffmpeg exited (${signal ?? `code ${code}`}) decoding Scope's MPEG-TS${tail ? `: ${tail}` : ''}`);
    });
  }

  /** ffmpeg's last stderr lines, one line */
  lastWords(): string {
    return this.stderr.trim().split(/\r?\n/).slice(-3).join(' | ');
  }

  /** the stream's next bytes; resolves once ffmpeg has taken them (backpressure) */
  write(chunk: Uint8Array): Promise<void> {
    if (this.failed || this.stopped) return Promise.resolve();
    const start = this.offset;
    const bad = this.misplacedSync(chunk);
    if (bad !== undefined) {
      const value = chunk[bad - start]!.toString(16).padStart(2, '0');
      this.fail(`Scope's output.ts is not MPEG-TS: byte ${bad} is 0x${value} where a packet's sync byte 0x47 belongs`);
      return Promise.resolve();
    }
    if (this.child.stdin.write(chunk)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => (this.child.stdin.off('drain', done), this.child.off('exit', done), resolve());
      this.child.stdin.once('drain', done);
      this.child.once('exit', done);
    });
  }

  /** the stream offset of a byte that should be a sync byte and is not, else undefined; advances the offset */
  private misplacedSync(chunk: Uint8Array): number | undefined {
    const start = this.offset;
    this.offset += chunk.length;
    for (let at = Math.ceil(start / TS_PACKET) * TS_PACKET; at < this.offset; at += TS_PACKET)
      if (chunk[at - start] !== SYNC) return at;
    return undefined;
  }

  private output(d: Buffer): void {
    let i = 0;
    while (i < d.length) {
      const frame = (this.frame ??= new Uint8Array(this.frameBytes));
      const n = Math.min(this.frameBytes - this.filled, d.length - i);
      frame.set(d.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled < this.frameBytes) continue;
      this.frame = undefined;
      this.filled = 0;
      if (!this.failed && !this.stopped) this.o.onFrame(frame);
    }
  }

  private fail(message: string): void {
    if (this.failed || this.stopped) return;
    this.failed = true;
    this.o.onError(new Error(message));
    this.kill();
  }

  private kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** ends ffmpeg; nothing more is told */
  stop(): void {
    this.stopped = true;
    this.child.stdin.destroy();
    this.kill();
  }
}
