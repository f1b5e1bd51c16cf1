import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../core/log.ts';
import { Retrier } from '../core/retrier.ts';
import { CdpPipe } from './cdp.ts';
import type { VideoOutput } from './outputs.ts';
import { x11Screens, type Screens } from './screens.ts';

export interface KioskTarget {
  /** the display's id */
  id: string;
  url: string;
  /** where its window goes; absent: wherever the window manager puts it */
  output?: VideoOutput;
}

export interface KioskOptions {
  chromium: string;
  /** a profile folder per display (separate browsers: one crashing or hanging leaves the others) */
  profileDir: string;
  env: NodeJS.ProcessEnv;
  /** how often the page's heartbeat is read, and how long it may go unanswered before the browser counts as hung */
  heartbeatMs: number;
  hungMs: number;
  /** how long a starting browser may take to answer at all */
  startMs: number;
  /** a page whose connection to the runtime stays down this long is reloaded */
  reloadAfterMs: number;
  /** Chromium refuses to run as root with its sandbox */
  noSandbox: boolean;
  /** the display server (default: X11 in env.DISPLAY) */
  screens?: Screens;
}

/** Chromium's flags for a display page full screen on a projector. */
export function chromiumArgs(t: KioskTarget, profile: string, noSandbox: boolean, screenFlags: string[]): string[] {
  const origin = new URL(t.url).origin;
  return [
    `--user-data-dir=${profile}`,
    '--kiosk',
    ...['--no-first-run', '--no-default-browser-check', '--noerrdialogs', '--disable-infobars'],
    ...['--disable-translate', '--disable-features=Translate,TranslateUI', '--disable-session-crashed-bubble'],
    // sound without a click; no pinch or swipe navigation by visitors
    ...['--autoplay-policy=no-user-gesture-required', '--disable-pinch', '--overscroll-history-navigation=0'],
    ...[
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
    ...['--check-for-update-interval=31536000', '--password-store=basic', '--disable-component-update'],
    // WebCodecs (the h264 transport) and the screen wake lock need a secure origin: the exhibit machine is one
    `--unsafely-treat-insecure-origin-as-secure=${origin}`,
    '--remote-debugging-pipe',
    // the page draws with WebGL2: use the GPU even where Chromium's list blocks it, else its software renderer
    ...['--ignore-gpu-blocklist', '--enable-unsafe-swiftshader'],
    ...screenFlags,
    ...(noSandbox ? ['--no-sandbox'] : []),
    t.url,
  ];
}

const BEAT = `JSON.stringify({ beat: window.nacreDisplay?.beat ?? 0, connected: window.nacreDisplay?.connected ?? false })`;

/**
 * One display's browser: started full screen on its output, watched through the DevTools pipe (the page's
 * heartbeat), killed and started again when it crashed or hung, its page reloaded when its connection to the
 * runtime stayed down.
 */
export class KioskBrowser {
  state: 'starting' | 'running' | 'restarting' | 'stopped' = 'starting';
  restarts = 0;
  /** how often its window was put back on its output after it left it or full screen */
  putBack = 0;
  lastProblem: string | undefined;
  private proc: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly retrier = new Retrier({ firstMs: 1000, maxMs: 30_000 });
  private downSince: number | undefined;
  /** the browser whose window was placed on its output (then checked again each heartbeat) */
  private placed: ChildProcess | undefined;
  stderr = '';

  constructor(
    readonly target: KioskTarget,
    private readonly options: KioskOptions,
    private readonly log: Logger,
  ) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** the running browser's window was confirmed on its output (from then on each heartbeat keeps it there) */
  get onOutput(): boolean {
    return this.proc !== undefined && this.placed === this.proc;
  }

  private get screens(): Screens {
    return this.options.screens ?? x11Screens(this.options.env);
  }

  start(): void {
    const profile = `${this.options.profileDir}/${this.target.id}`;
    const flags = this.screens.chromiumFlags(this.target.output);
    const proc = spawn(this.options.chromium, chromiumArgs(this.target, profile, this.options.noSandbox, flags), {
      env: this.options.env,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    this.proc = proc;
    // the last lines Chromium printed, for the log when it ends
    proc.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-1500)));
    const cdp = new CdpPipe(proc.stdio[3] as Writable, proc.stdio[4] as Readable);
    proc.on('exit', (code, signal) => this.exited(proc, `the browser ended (${signal ?? `exit ${code}`})`));
    proc.on('error', (err) => this.exited(proc, err.message));
    this.log.info(
      { display: this.target.id, pid: proc.pid, output: this.target.output?.name },
      'kiosk browser started',
    );
    void this.attach(cdp, proc);
    void this.place(proc);
  }

  /** a window the display server put elsewhere is a browser that did not start right: it is started again */
  private async place(proc: ChildProcess): Promise<void> {
    const { output } = this.target;
    if (!output || proc.pid === undefined) return;
    try {
      await this.screens.place(proc.pid, output, this.options.startMs);
      this.placed = proc;
    } catch (err) {
      this.kill(proc, `its window could not be put on ${output.name}: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
    });
  }

  /** finds the page, then reads its heartbeat every heartbeatMs */
  private async attach(cdp: CdpPipe, proc: ChildProcess): Promise<void> {
    try {
      const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string }[] }>(
        'Target.getTargets',
        {},
        undefined,
        this.options.startMs,
      );
      const page = targetInfos.find((t) => t.type === 'page');
      if (!page) throw new Error('the browser has no page');
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
        targetId: page.targetId,
        flatten: true,
      });
      this.beat(cdp, proc, sessionId);
    } catch (err) {
      this.kill(proc, `the browser did not answer: ${(err as Error).message}`);
    }
  }

  private beat(cdp: CdpPipe, proc: ChildProcess, sessionId: string): void {
    if (this.proc !== proc || this.state === 'stopped') return;
    this.timer = setTimeout(() => {
      cdp
        .send<{ result: { value?: string } }>(
          'Runtime.evaluate',
          { expression: BEAT, returnByValue: true },
          sessionId,
          this.options.hungMs,
        )
        .then(async (r) => {
          const { connected } = JSON.parse(r.result.value ?? '{}') as { connected?: boolean };
          this.state = 'running';
          this.retrier.reset();
          await this.watchConnection(cdp, sessionId, connected === true);
          await this.keepPlaced(proc);
          this.beat(cdp, proc, sessionId);
        })
        .catch((err: Error) => this.kill(proc, `the page stopped answering (hung): ${err.message}`));
    }, this.options.heartbeatMs);
  }

  private async watchConnection(cdp: CdpPipe, sessionId: string, connected: boolean): Promise<void> {
    const now = performance.now();
    if (connected) this.downSince = undefined;
    else this.downSince ??= now;
    if (this.downSince === undefined || now - this.downSince < this.options.reloadAfterMs) return;
    this.downSince = undefined;
    this.log.warn({ display: this.target.id }, 'the page stayed disconnected from the runtime: reloading it');
    await cdp.send('Page.reload', { ignoreCache: true }, sessionId);
  }

  /** a window that left its output or full screen (a key, the browser itself) is put back */
  private async keepPlaced(proc: ChildProcess): Promise<void> {
    const { output } = this.target;
    if (this.placed !== proc || !output || proc.pid === undefined) return;
    try {
      if (!(await this.screens.keepPlaced(proc.pid, output))) return;
      this.putBack++;
      this.log.warn({ display: this.target.id, output: output.name }, 'the window left its output: put back');
    } catch (err) {
      this.log.warn({ display: this.target.id, err: (err as Error).message }, 'the window could not be checked');
    }
  }

  private kill(proc: ChildProcess, why: string): void {
    if (this.proc !== proc || this.state === 'stopped') return;
    this.lastProblem = why;
    proc.kill('SIGKILL');
  }

  private exited(proc: ChildProcess, why: string): void {
    if (this.proc !== proc) return;
    this.proc = undefined;
    clearTimeout(this.timer);
    if (this.state === 'stopped') return;
    this.lastProblem ??= why;
    const wait = this.retrier.next();
    this.state = 'restarting';
    this.restarts++;
    this.log.warn(
      { display: this.target.id, why: this.lastProblem, retryInMs: wait },
      'kiosk browser lost: starting it again',
    );
    this.lastProblem = undefined;
    this.timer = setTimeout(() => this.start(), wait);
  }
}
