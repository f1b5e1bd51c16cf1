import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { firmwareHex } from './firmware.ts';
import { harnessBinary } from './harness.ts';

const GIVE_UP_MS = 10_000;

/**
 * An Arduino Uno running the real StandardFirmata in simavr, its serial port a pty reached through `link`
 * (recreated by each start, as /dev/serial/by-id is on a real machine). End it with kill() or stop().
 */
export class EmulatedUno {
  /** the last level the harness reported for each output pin, and PWM duty (0..255) by pin */
  readonly levels = new Map<number, number>();
  readonly pwm = new Map<number, number>();
  /** the pseudo-terminal behind the link */
  pty: string | undefined;
  private readonly changed = new Set<() => void>();
  private stderr = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly link: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => this.line(line));
  }

  static async start(link: string): Promise<EmulatedUno> {
    const [hex, harness] = await Promise.all([firmwareHex(), harnessBinary()]);
    const uno = new EmulatedUno(spawn(harness, [hex, link], { stdio: 'pipe' }), link);
    await uno.until(() => uno.pty !== undefined, 'the harness to open its pty');
    return uno;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** drives a digital input pin high (1) or low (0) */
  digital(pin: number, level: 0 | 1): void {
    this.child.stdin.write(`digital ${pin} ${level}\n`);
  }

  /** puts `mV` on analog input A<channel> (AVcc is 5000 mV) */
  analog(channel: number, mV: number): void {
    this.child.stdin.write(`analog ${channel} ${mV}\n`);
  }

  untilLevel(pin: number, level: 0 | 1): Promise<void> {
    return this.until(
      () => this.levels.get(pin) === level,
      `pin ${pin} to go ${level ? 'high' : 'low'} (levels now: ${this.describe()})`,
    );
  }

  untilPwm(pin: number, duty: number): Promise<void> {
    return this.until(() => this.pwm.get(pin) === duty, `PWM ${duty} on pin ${pin}`);
  }

  /** the yanked cable: SIGKILL, so the pty goes away with no goodbye and the link is left dangling */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, 'SIGKILL');
    await this.exited;
  }

  /** a clean end: the harness removes its link */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, 'SIGTERM');
    await this.exited;
  }

  private line(line: string): void {
    const [what, a, b] = line.split(' ');
    if (what === 'pty') this.pty = a;
    else if (what === 'pin') this.levels.set(Number(a), Number(b));
    else if (what === 'pwm') this.pwm.set(Number(a), Number(b));
    for (const fn of this.changed) fn();
  }

  private describe(): string {
    return [...this.levels].map(([pin, level]) => `${pin}=${level}`).join(' ') || 'none reported';
  }

  /** resolves once check() holds; gives up (rejecting with what was awaited) if the harness exits or much time passes */
  private until(check: () => boolean, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    if (this.child.exitCode !== null || this.child.signalCode !== null)
      return Promise.reject(new Error(`the harness is not running; it was to give ${what}`));
    return new Promise((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        this.changed.delete(onChange);
        this.child.off('exit', onExit);
        if (err) reject(err);
        else resolve();
      };
      const onChange = () => check() && finish();
      const onExit = () =>
        finish(new Error(`the harness exited while waiting for ${what}: ${this.stderr.trim() || 'no message'}`));
      const timer = setTimeout(() => finish(new Error(`gave up waiting for ${what}`)), GIVE_UP_MS);
      this.changed.add(onChange);
      this.child.once('exit', onExit);
    });
  }
}
