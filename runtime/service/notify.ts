import { execFile } from 'node:child_process';

/** sends one notification line set to systemd (systemd-notify: NotifyAccess=all in the unit lets it in) */
export type NotifySend = (socket: string, fields: string[]) => Promise<void>;

const systemdNotify: NotifySend = (socket, fields) =>
  new Promise((resolve, reject) =>
    execFile(
      'systemd-notify',
      ['--no-block', ...fields],
      { timeout: 5000, env: { ...process.env, NOTIFY_SOCKET: socket } },
      (err) => (err ? reject(err) : resolve()),
    ),
  );

/**
 * The service manager's side of health (sd_notify): READY=1 once the exhibit runs, WATCHDOG=1 at half the
 * unit's WatchdogSec while the runtime is healthy, STOPPING=1 on the way out. A hung main thread sends no
 * watchdog ping, and neither does a loop that stopped stepping while its model is meant to run, so systemd
 * restarts the service. Without NOTIFY_SOCKET (not under systemd) it does nothing.
 */
export class ServiceNotifier {
  private timer: NodeJS.Timeout | undefined;
  sent = 0;
  failed = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly send: NotifySend = systemdNotify,
  ) {}

  get enabled(): boolean {
    return Boolean(this.env.NOTIFY_SOCKET);
  }

  /** WATCHDOG_USEC / 2, or undefined when the unit has no watchdog */
  get watchdogIntervalMs(): number | undefined {
    const usec = Number(this.env.WATCHDOG_USEC);
    return Number.isFinite(usec) && usec > 0 ? usec / 2000 : undefined;
  }

  ready(status: string): Promise<void> {
    return this.notify(['READY=1', `STATUS=${status}`]);
  }

  /** pings the watchdog while `healthy()` says so; the timer keeps the check on the main thread itself */
  watch(healthy: () => boolean): void {
    const every = this.watchdogIntervalMs;
    if (!this.enabled || every === undefined || this.timer) return;
    this.timer = setInterval(() => void (healthy() && this.notify(['WATCHDOG=1'])), every);
    this.timer.unref();
  }

  async stopping(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.notify(['STOPPING=1']);
  }

  private async notify(fields: string[]): Promise<void> {
    const socket = this.env.NOTIFY_SOCKET;
    if (!socket) return;
    try {
      await this.send(socket, fields);
      this.sent++;
    } catch {
      this.failed++; // the service manager went away or refused: nothing the runtime can do about it
    }
  }
}

/** healthy for the watchdog: the loop stepped since the last check, or the model is (re)starting */
export function loopHealth(loop: { stats(): { steps: number } }, model: () => string): () => boolean {
  let last = -1;
  return () => {
    const steps = loop.stats().steps;
    const ok = steps !== last || model() !== 'running';
    last = steps;
    return ok;
  };
}

/** READY for a started runtime, then watchdog pings while its loop is healthy (nacre start under systemd) */
export async function notifyService(
  runtime: { loop: { stats(): { steps: number } }; world: { keeper: { state: string } } },
  url: string,
): Promise<ServiceNotifier> {
  const notifier = new ServiceNotifier();
  await notifier.ready(`exhibit running at ${url}`);
  notifier.watch(loopHealth(runtime.loop, () => runtime.world.keeper.state));
  return notifier;
}
