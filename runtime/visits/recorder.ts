import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Writable } from 'node:stream';
import type { AudioChunk, Frame } from '../core/world-model.ts';

export interface AudioFormat {
  rate: number;
  channels: number;
}

/** the most frames one arriving frame may stand for (a loop that stalled a second is not made up at once) */
const MAX_REPEAT = 30;

/**
 * One visit's world (its frames and sound, never a camera's picture) to a fragmented MP4 (H.264 + AAC) by an
 * ffmpeg process: the encoding is off the main thread, which only writes to two pipes and drops what a busy
 * pipe cannot take. The file is playable up to the last fragment written, so a crash loses at most a second.
 * Both tracks follow the wall clock: a frame is repeated until the next comes, and silence fills the sound
 * where the model gave none, so the video lasts as long as the visit did.
 */
export class Recording {
  private ffmpeg: ChildProcess | undefined;
  private video: Writable | undefined;
  private audio: Writable | undefined;
  private t0 = 0;
  private framesWritten = 0;
  private samplesWritten = 0;
  private videoBusy = false;
  private audioBusy = false;
  private exited: Promise<number | null> | undefined;
  dropped = 0;
  last: Frame | undefined;

  constructor(
    private readonly file: string,
    private readonly fps: number,
    private readonly sound: AudioFormat,
  ) {}

  frame(f: Frame): void {
    this.last = f;
    if (!this.ffmpeg) this.start(f.width, f.height);
    if (!this.video || f.width * f.height * 4 !== this.size) return;
    const due = Math.floor(((performance.now() - this.t0) * this.fps) / 1000) + 1;
    const repeat = Math.min(MAX_REPEAT, due - this.framesWritten);
    if (repeat <= 0) return;
    if (this.videoBusy) {
      this.dropped++;
      return;
    }
    const data = Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);
    for (let i = 0; i < repeat; i++) this.videoBusy = !this.video.write(data) || this.videoBusy;
    this.framesWritten = due;
  }

  chunk(c: AudioChunk): void {
    if (!this.audio || c.rate !== this.sound.rate || c.channels !== this.sound.channels || this.audioBusy) return;
    const ahead = this.samplesWritten - ((performance.now() - this.t0) / 1000) * this.sound.rate;
    if (ahead > this.sound.rate / 2) return; // more sound than time: the clock leads
    this.fillSilence();
    this.audioBusy = !this.audio.write(interleave(c));
    this.samplesWritten += c.samples;
  }

  /** ends the file (the sound filled out to the video's length) and waits for ffmpeg; its exit code */
  async stop(): Promise<number | null> {
    if (!this.ffmpeg) return null;
    this.fillSilence(this.framesWritten / this.fps);
    this.video?.end();
    this.audio?.end();
    return this.exited!;
  }

  /** seconds of video written */
  get seconds(): number {
    return this.framesWritten / this.fps;
  }

  private size = 0;

  private start(width: number, height: number): void {
    this.size = width * height * 4;
    const { rate, channels } = this.sound;
    // prettier-ignore
    const args = [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-r', String(this.fps), '-i', 'pipe:0',
      '-f', 'f32le', '-ar', String(rate), '-ac', String(channels), '-i', 'pipe:3',
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'veryfast', '-threads', '1', '-pix_fmt', 'yuv420p', '-g', String(this.fps),
      '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2',
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', this.file,
    ];
    const ffmpeg = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
    this.ffmpeg = ffmpeg;
    // the model comes first: the encoder gets what CPU is left, and frames it cannot take are dropped (counted)
    if (ffmpeg.pid) {
      try {
        setPriority(ffmpeg.pid, 15);
      } catch {
        // not permitted here: it runs at the runtime's own priority
      }
    }
    this.video = ffmpeg.stdin!;
    this.audio = ffmpeg.stdio[3] as Writable;
    for (const [pipe, which] of [
      [this.video, 'video'],
      [this.audio, 'audio'],
    ] as const) {
      pipe.on('error', () => undefined); // ffmpeg gone: its exit says why
      pipe.on('drain', () => (which === 'video' ? (this.videoBusy = false) : (this.audioBusy = false)));
    }
    let stderr = '';
    ffmpeg.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    this.exited = new Promise((resolve) => {
      ffmpeg.on('error', () => resolve(-1));
      ffmpeg.on('exit', (code) => {
        this.error = code === 0 ? undefined : stderr.trim() || `ffmpeg exited with ${code}`;
        resolve(code);
      });
    });
    this.t0 = performance.now();
  }

  error: string | undefined;

  /** silence up to `until` seconds (default: now), where the model's sound fell behind the clock */
  private fillSilence(until = (performance.now() - this.t0) / 1000): void {
    if (!this.audio) return;
    const missing = Math.floor(until * this.sound.rate) - this.samplesWritten;
    // a little slack: chunks come a step at a time
    if (missing <= this.sound.rate / 10 && until !== this.framesWritten / this.fps) return;
    if (missing <= 0) return;
    this.audio.write(Buffer.alloc(missing * this.sound.channels * 4));
    this.samplesWritten += missing;
  }
}

/** planar float audio to interleaved little-endian f32 */
function interleave(c: AudioChunk): Buffer {
  const out = new Float32Array(c.samples * c.channels);
  for (let ch = 0; ch < c.channels; ch++) {
    for (let i = 0; i < c.samples; i++) out[i * c.channels + ch] = c.data[ch * c.samples + i]!;
  }
  return Buffer.from(out.buffer);
}
