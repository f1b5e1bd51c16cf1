import type { Logger } from '../../runtime/core/log.ts';
import type { Value } from '../../runtime/core/signals.ts';
import type { RgbImage } from '../../runtime/core/world-model.ts';
import type { PerceptionResult } from './perception/perceive.ts';
import { PerceptionWorker } from './perception/worker-client.ts';
import { ensureBlazeFace } from './perception/assets.ts';
import { BaseDriver } from '../base-driver.ts';
import type { Driver } from '../../runtime/core/driver.ts';
import { FfmpegCapture, type CameraFrame } from './capture.ts';
import type { CameraDeviceConfig } from './config.ts';
import { perceptionSignals } from './signals.ts';

export interface CameraHooks {
  /** a snapshot was asked for (write 'snapshot'): the newest frame, handed over, never stored */
  snapshot?(camera: string, image: RgbImage): void;
  /** every frame perception saw, for a console preview; only called when the config allows it */
  preview?(camera: string, frame: CameraFrame): void;
}

/**
 * A camera: ffmpeg captures, a worker thread perceives (newest frame wins: frames that arrive while it is
 * busy are skipped), and what it sees becomes signals on `camera:<id>`. ffmpeg ending is a loss.
 */
export class CameraDriver extends BaseDriver implements Driver {
  private capture: FfmpegCapture | undefined;
  private perception: PerceptionWorker | undefined;
  private last = new Map<string, Value>();
  private running = false;
  private skipped = 0;

  constructor(
    private readonly config: CameraDeviceConfig,
    log: Logger,
    private readonly hooks: CameraHooks = {},
  ) {
    super(log, 'camera');
  }

  get id(): string {
    return this.config.id;
  }

  protected async connect(abort: AbortSignal): Promise<void> {
    const p = this.config.perception;
    const holdFrames = Math.max(1, Math.round(p.holdSeconds * this.config.fps));
    this.last.clear();
    // the camera first: a camera that is not there (a retry every few seconds) costs no face model load
    const capture = new FfmpegCapture(this.config, { log: this.log, stallTimeoutMs: this.config.stallSeconds * 1000 });
    this.capture = capture;
    await capture.start(abort);
    // fetched at set-up (npm postinstall); a machine set up offline fetches it on first use
    const modelPath = p.faces ? await ensureBlazeFace() : undefined;
    if (abort.aborted) throw abort.reason;
    this.perception = await PerceptionWorker.start({
      ...(modelPath ? { modelPath } : {}),
      faces: p.faces,
      minFaceScore: p.minFaceScore,
      faceInterval: p.faceInterval,
      motion: { cols: p.regions.cols, rows: p.regions.rows, noise: p.noise },
      presence: { motionOn: p.motionOn, motionOff: p.motionOff, holdFrames },
      ignore: p.ignore,
    });
    if (abort.aborted) throw abort.reason;
    this.onRelease(capture.onExit((err) => this.lost(err)));
    this.running = true;
    void this.perceive(capture);
  }

  protected async disconnect(): Promise<void> {
    this.running = false;
    const { capture, perception } = this;
    this.capture = undefined;
    this.perception = undefined;
    await capture?.stop();
    await perception?.close();
  }

  /** 'snapshot': hands the newest frame to whoever starts worlds from pictures */
  async write(channel: string): Promise<void> {
    if (channel !== 'snapshot')
      throw new Error(
        `camera output "${channel}" is unknown; write "snapshot" to start a world from the camera's picture`,
      );
    if (this.state !== 'open') throw new Error(`camera "${this.id}" is not open (${this.state})`);
    const frame = this.capture?.latest();
    if (!frame) throw new Error(`camera ${this.id} has no picture yet`);
    if (!this.hooks.snapshot) throw new Error(`nothing takes snapshots from camera ${this.id}`);
    this.hooks.snapshot(this.id, { data: frame.data, width: frame.width, height: frame.height });
  }

  private async perceive(capture: FfmpegCapture): Promise<void> {
    let seq = -1;
    while (this.running) {
      let frame: CameraFrame;
      try {
        frame = await capture.next(seq);
      } catch {
        return; // the capture ended: onExit reports it
      }
      if (seq >= 0) this.skipped += frame.seq - seq - 1;
      seq = frame.seq;
      if (this.config.showOnConsole) this.hooks.preview?.(this.id, frame);
      const worker = this.perception;
      if (!worker) return;
      let result: PerceptionResult;
      try {
        result = await worker.process(frame);
      } catch (err) {
        if (this.running) this.lost(err as Error);
        return;
      }
      if (this.running && this.capture === capture) this.publish(result, frame.t);
    }
  }

  private publish(r: PerceptionResult, t: number): void {
    for (const [channel, value] of perceptionSignals(r)) {
      const before = this.last.get(channel);
      if (before !== undefined && JSON.stringify(before) === JSON.stringify(value)) continue;
      this.last.set(channel, value);
      this.emitSignal({ source: `camera:${this.id}`, channel, value, t });
    }
  }

  protected override lost(err: Error): void {
    if (this.state !== 'open') return;
    this.running = false;
    super.lost(err);
  }
}
