import { spawn, type ChildProcess } from 'node:child_process';
import { Emitter } from '../../runtime/core/emitter.ts';
import { silentLogger, type Logger } from '../../runtime/core/log.ts';
import { ffmpegArgs, type CaptureSettings } from './ffmpeg-args.ts';
import { FrameAssembler, LineTail } from './frames.ts';
import type { CameraConfig } from './schema.ts';
import { describeSource, sourceKind, withoutCredentials } from './source.ts';

export interface CameraFrame {
  /** width * height * 3 bytes of rgb24, rows top to bottom, over its own ArrayBuffer (transferable) */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** 0, 1, 2, ... within one capture: a gap a consumer sees is the frames it skipped */
  readonly seq: number;
  /** performance.now() when the frame's last byte arrived */
  readonly t: number;
}

export interface CaptureOptions {
  /** the ffmpeg executable (default 'ffmpeg', found on PATH) */
  ffmpegPath?: string;
  /** stop(): SIGTERM, then SIGKILL after this long (default 2000) */
  stopTimeoutMs?: number;
  /** no frame for this long (the first one included) ends the capture: a V4L2 camera that hangs blocks ffmpeg forever (default 10000) */
  stallTimeoutMs?: number;
  log?: Logger;
}

export type CaptureConfig = CaptureSettings & Pick<CameraConfig, 'id'>;
export type CapturePhase = 'new' | 'starting' | 'running' | 'stopping' | 'ended';

/** ffmpeg ended on its own (or was killed by someone else): `stderr` holds its last lines. */
export class CaptureExitError extends Error {
  readonly disconnected = true;
  constructor(
    message: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: readonly string[],
  ) {
    super(message);
    this.name = 'CaptureExitError';
  }
}

interface Waiter {
  resolve: (f: CameraFrame) => void;
  reject: (err: Error) => void;
}

/**
 * One ffmpeg process turning a camera into raw rgb24 frames. Single use: after stop() or an exit, create a
 * new one. Every frame goes to every onFrame listener as it arrives; a consumer that cannot keep up skips
 * frames itself, by taking the newest with next() or latest() when it is ready (nothing here queues).
 */
export class FfmpegCapture {
  private phaseNow: CapturePhase = 'new';
  private child: ChildProcess | undefined;
  private last: CameraFrame | undefined;
  private seq = 0;
  private readonly tail = new LineTail();
  private readonly frames: Emitter<[CameraFrame]>;
  private readonly exits: Emitter<[Error]>;
  private waiters = new Set<Waiter>();
  private starting: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private stallReason: string | undefined;
  private endError: Error | undefined;
  private stopping: Promise<void> | undefined;
  private readonly ended: Promise<void>;
  private markEnded!: () => void;
  private readonly log: Logger;

  constructor(
    readonly config: CaptureConfig,
    private readonly opts: CaptureOptions = {},
  ) {
    this.log = opts.log ?? silentLogger();
    this.frames = new Emitter('camera frame', this.log);
    this.exits = new Emitter('camera exit', this.log);
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  get phase(): CapturePhase {
    return this.phaseNow;
  }

  /** ffmpeg's process id while it runs */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Spawns ffmpeg and resolves at the first frame. If ffmpeg ends before that (a missing file, a refused
   * connection), this rejects with its error and onExit is not fired: each failure is reported once, here
   * before the first frame, through onExit after it.
   */
  start(signal?: AbortSignal): Promise<void> {
    if (this.phaseNow !== 'new')
      return Promise.reject(
        new Error(
          `camera "${this.config.id}": this capture was already started; create a new FfmpegCapture to capture again`,
        ),
      );
    this.phaseNow = 'starting';
    const onAbort = () => void this.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = new Promise<void>((resolve, reject) => (this.starting = { resolve, reject }));
    if (signal?.aborted) void this.stop();
    else this.spawn();
    return started.finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /** every frame, as it arrives; returns the unsubscribe function */
  onFrame(fn: (f: CameraFrame) => void): () => void {
    return this.frames.on(fn);
  }

  /** once, when ffmpeg ends after the first frame for any reason but stop() */
  onExit(fn: (err: Error) => void): () => void {
    return this.exits.on(fn);
  }

  /** the newest frame, for snapshots; undefined before the first one or once a consumer transferred its buffer */
  latest(): CameraFrame | undefined {
    return this.last && this.last.data.byteLength > 0 ? this.last : undefined;
  }

  /**
   * The newest frame after `after` (a seq), now if there is one, else the next to arrive. A consumer loop
   * `f = await cap.next(f.seq)` skips whatever came while it was busy and never builds a queue.
   * Rejects when the capture ends or is stopped.
   */
  next(after = -1, signal?: AbortSignal): Promise<CameraFrame> {
    const now = this.latest();
    if (now && now.seq > after) return Promise.resolve(now);
    if (this.phaseNow === 'new')
      return Promise.reject(new Error(`camera "${this.config.id}": start() the capture before waiting for frames`));
    if (this.phaseNow === 'ended' || this.phaseNow === 'stopping')
      return Promise.reject(this.endError ?? this.stoppedError());
    return new Promise((resolve, reject) => {
      const done = () => signal?.removeEventListener('abort', onAbort);
      const w: Waiter = { resolve: (f) => (done(), resolve(f)), reject: (err) => (done(), reject(err)) };
      const onAbort = () =>
        this.waiters.delete(w) &&
        reject(new Error(`camera "${this.config.id}": stopped waiting for a frame`, { cause: signal?.reason }));
      this.waiters.add(w);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** idempotent: SIGTERM, SIGKILL after the stop deadline; resolves once ffmpeg has exited. Fires no onExit. */
  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private async terminate(): Promise<void> {
    if (this.phaseNow === 'ended') return;
    const child = this.child;
    this.phaseNow = 'stopping';
    this.settleStart(this.stoppedError());
    this.rejectWaiters(this.stoppedError());
    if (!child) return this.finish(null, null);
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), this.opts.stopTimeoutMs ?? 2000);
    await this.ended;
    clearTimeout(kill);
  }

  private spawn(): void {
    const path = this.opts.ffmpegPath ?? 'ffmpeg';
    const args = ffmpegArgs(this.config);
    this.log.debug({ ffmpeg: path, args: args.map(withoutCredentials) }, 'starting ffmpeg');
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const { width, height } = this.config;
    const frames = new FrameAssembler(width * height * 3, (data) => this.deliver(data));
    // read on while stopping: an ffmpeg blocked on a full pipe could not act on SIGTERM
    child.stdout!.on('data', (chunk: Buffer) => frames.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.tail.push(chunk));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (child.pid === undefined) this.finish(null, null, this.spawnError(path, err));
    });
    child.on('close', (code, sig) => this.finish(code, sig));
    const ms = this.opts.stallTimeoutMs ?? 10_000;
    this.stallTimer = setTimeout(() => this.stalled(ms), ms).unref();
  }

  private deliver(data: Uint8Array): void {
    if (this.phaseNow !== 'starting' && this.phaseNow !== 'running') return;
    const frame: CameraFrame = {
      data,
      width: this.config.width,
      height: this.config.height,
      seq: this.seq++,
      t: performance.now(),
    };
    this.last = frame;
    this.stallTimer?.refresh();
    if (this.phaseNow === 'starting') {
      this.phaseNow = 'running';
      this.settleStart();
    }
    this.frames.emit(frame);
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const w of waiters) w.resolve(frame);
  }

  private stalled(ms: number): void {
    if (this.phaseNow !== 'starting' && this.phaseNow !== 'running') return;
    this.stallReason = `no frame for ${ms / 1000} s (a camera that stopped sending), so ffmpeg was killed`;
    this.child?.kill('SIGKILL');
  }

  private finish(code: number | null, signal: NodeJS.Signals | null, spawnErr?: Error): void {
    if (this.phaseNow === 'ended') return;
    const was = this.phaseNow;
    this.phaseNow = 'ended';
    clearTimeout(this.stallTimer);
    this.markEnded();
    if (was === 'stopping') return;
    const err = spawnErr ?? this.exitError(code, signal);
    this.endError = err;
    this.rejectWaiters(err);
    if (was === 'starting') return this.settleStart(err);
    this.log.debug({ err: err.message }, 'ffmpeg ended');
    this.exits.emit(err);
  }

  private exitError(code: number | null, signal: NodeJS.Signals | null): CaptureExitError {
    const said = this.tail.get().map(withoutCredentials);
    // ffmpeg 5 ends with code 0 on a read error too (it takes it for the end of the input)
    const network = ['rtsp', 'http'].includes(sourceKind(this.config.source));
    const ended = said.length
      ? 'ffmpeg lost its input'
      : network
        ? 'the camera ended the stream'
        : 'ffmpeg reached the end of the input';
    const how =
      this.stallReason ??
      (signal ? `ffmpeg was killed by ${signal}` : code === 0 ? ended : `ffmpeg exited with code ${code}`);
    const detail = said.length ? `: ${said.join(' | ')}` : ' (ffmpeg printed nothing)';
    return new CaptureExitError(
      `camera "${this.config.id}" (${describeSource(this.config.source)}): ${how}${detail}`,
      code,
      signal,
      said,
    );
  }

  private spawnError(path: string, err: NodeJS.ErrnoException): Error {
    const hint =
      err.code === 'ENOENT' ? 'not found: install it (apt install ffmpeg) or set the ffmpeg path' : err.message;
    return new Error(`camera "${this.config.id}": cannot run ffmpeg ("${path}"): ${hint}`, { cause: err });
  }

  private stoppedError(): Error {
    return new Error(`camera "${this.config.id}": the capture was stopped`);
  }

  private settleStart(err?: Error): void {
    const s = this.starting;
    this.starting = undefined;
    if (err) s?.reject(err);
    else s?.resolve();
  }

  private rejectWaiters(err: Error): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const w of waiters) w.reject(err);
  }
}
