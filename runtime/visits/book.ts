import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/log.ts';
import type { Output, OutputState } from '../core/output.ts';
import type { AudioChunk, Frame, ModelState } from '../core/world-model.ts';
import type { PhonesConfig } from '../phones/config.ts';
import { Recording, type AudioFormat } from './recorder.ts';
import { prune } from './retention.ts';
import { newCode, newToken, VisitStore, type VisitMeta } from './store.ts';

export interface VisitWorld {
  /** the running world's state, to carry it on (undefined: the model cannot save, or none runs) */
  save(): Promise<ModelState | undefined>;
  /** the model's sound format (undefined: it makes none; the recording then has a silent track) */
  audio(): AudioFormat | undefined;
}

const SILENT: AudioFormat = { rate: 48_000, channels: 2 };

/**
 * Each visit recorded (phones.recording): an Output that gets the world's frames and sound like the display
 * pages do, a Recording while a visit is active, and at its end a still, the world's saved state and a code to
 * carry it on; the retention rule runs after each visit. The visit's page is routes.ts.
 */
export class VisitBook implements Output {
  readonly id = 'recorder';
  readonly kind = 'recorder';
  readonly store: VisitStore;
  private current: { token: string; recording: Recording; startedAt: string } | undefined;
  private presented = 0;
  /** the visit that just ended, shown as a QR code while the display says thank you */
  latest: VisitMeta | undefined;
  private ending: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: PhonesConfig['recording'],
    root: string,
    private readonly world: VisitWorld,
    private readonly log: Logger,
  ) {
    this.store = new VisitStore(root);
  }

  get state(): OutputState {
    return 'open';
  }

  async open(): Promise<void> {
    await this.store.load();
    await this.prune();
  }

  /** the session's phase: a visit begins with 'active' and ends when it leaves it */
  phase(phase: string): void {
    if (phase === 'active' && !this.current) this.begin();
    else if (phase !== 'active' && this.current) {
      // saved now, as the visit leaves it: the world is reset a moment later (after the session's endingSeconds)
      const saved = this.world.save().catch(() => undefined);
      this.ending = this.ending.then(() => this.end(saved));
    }
    if (phase === 'attract') this.latest = undefined;
  }

  presentFrame(frame: Frame): void {
    if (!this.current) return;
    this.presented++;
    this.current.recording.frame(frame);
  }

  presentAudio(chunk: AudioChunk): void {
    this.current?.recording.chunk(chunk);
  }

  onState(): () => void {
    return () => undefined;
  }

  stats() {
    return { presented: this.presented, dropped: this.current?.recording.dropped ?? 0 };
  }

  async close(): Promise<void> {
    if (this.current) {
      const saved = this.world.save().catch(() => undefined);
      this.ending = this.ending.then(() => this.end(saved));
    }
    await this.ending;
  }

  /** seconds recorded of the visit going on (0 between visits) */
  get recording(): number {
    return this.current?.recording.seconds ?? 0;
  }

  /** resolves when the visit that is ending has been written */
  settled(): Promise<void> {
    return this.ending;
  }

  private begin(): void {
    const token = newToken();
    const dir = this.store.folder(token);
    const recording = new Recording(join(dir, 'visit.mp4'), this.config.fps, this.world.audio() ?? SILENT);
    this.current = { token, recording, startedAt: new Date().toISOString() };
    // the folder exists before the first frame comes (ffmpeg starts at the first frame)
    void mkdir(dir, { recursive: true }).catch((err: Error) => this.log.warn({ err: err.message }, 'no visit folder'));
  }

  private async end(saved: Promise<ModelState | undefined>): Promise<void> {
    const visit = this.current;
    if (!visit) return;
    this.current = undefined;
    const dir = this.store.folder(visit.token);
    const stopped = visit.recording.stop(); // the video ends with the visit; ffmpeg finishes meanwhile
    const state = await saved;
    const meta: VisitMeta = {
      token: visit.token,
      code: newCode(),
      createdAt: visit.startedAt,
      seconds: visit.recording.seconds,
      state: state !== undefined,
    };
    // the page first, so its QR code can show while the display says thank you; the video is playable as written
    await this.store.save(meta, state);
    this.latest = meta;
    if (visit.recording.last) await still(visit.recording.last, join(dir, 'still.jpg')).catch(() => undefined);
    const code = await stopped;
    if (code !== 0) this.log.warn({ error: visit.recording.error, code }, 'a visit could not be recorded');
    this.log.info({ seconds: meta.seconds, state: meta.state }, 'visit recorded');
    await this.prune();
  }

  private async prune(): Promise<void> {
    const gone = await prune(this.store.root, this.config.keepDays, this.config.keepGB * 2 ** 30);
    if (gone.length) this.log.info({ visits: gone.length }, 'old visits deleted (retention rule)');
  }
}

/** the last frame as a JPEG, encoded by ffmpeg (off the main thread) */
function still(frame: Frame, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba'];
    args.push('-s', `${frame.width}x${frame.height}`, '-i', 'pipe:0', '-frames:v', '1', file);
    const ffmpeg = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'ignore'] });
    ffmpeg.on('error', reject);
    ffmpeg.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
    ffmpeg.stdin.on('error', () => undefined);
    ffmpeg.stdin.end(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength));
  });
}
