/**
 * A wired-Xbox-360-like evdev gamepad (uinput_pad.py, via /dev/uinput) for tests inside the QEMU guest:
 *
 *   const pad = await UinputPad.create();
 *   await pad.abs('ABS_X', 16000); await pad.key('BTN_SOUTH', true); await pad.sync();
 *   pad.eventPath  // /dev/input/eventN;  pad.joystickPath()  // /dev/input/jsN (joydev)
 *   await pad.close();
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./uinput_pad.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

export type PadAxis = 'ABS_X' | 'ABS_Y' | 'ABS_Z' | 'ABS_RX' | 'ABS_RY' | 'ABS_RZ' | 'ABS_HAT0X' | 'ABS_HAT0Y';
export type PadButton =
  | 'BTN_SOUTH'
  | 'BTN_EAST'
  | 'BTN_NORTH'
  | 'BTN_WEST'
  | 'BTN_TL'
  | 'BTN_TR'
  | 'BTN_SELECT'
  | 'BTN_START'
  | 'BTN_MODE'
  | 'BTN_THUMBL'
  | 'BTN_THUMBR';

/** A force-feedback request a program made on the pad (only with `forceFeedback: true`). */
export type FeedbackEvent =
  | { kind: 'upload'; id: number; strong: number; weak: number }
  | { kind: 'play'; id: number; value: number }
  | { kind: 'erase'; id: number };

function parseFeedback(line: string): FeedbackEvent | undefined {
  const [word, ...n] = line.split(' ');
  const [a = 0, b = 0, c = 0] = n.map(Number);
  if (word === 'ff-upload') return { kind: 'upload', id: a, strong: b, weak: c };
  if (word === 'ff-play') return { kind: 'play', id: a, value: b };
  if (word === 'ff-erase') return { kind: 'erase', id: a };
  return undefined;
}

export class UinputPad {
  private readonly replies: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private readonly feedback = new Set<(ev: FeedbackEvent) => void>();
  private readonly exited: Promise<void>;
  private stderr = '';

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly eventPath: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  /** Starts uinput_pad.py and resolves once /dev/input/eventN exists. */
  static async create(opts: { forceFeedback?: boolean; timeoutMs?: number } = {}): Promise<UinputPad> {
    if (!existsSync('/dev/uinput'))
      throw new Error('no /dev/uinput: the uinput pad exists only inside the QEMU guest (npm run test:hardware)');
    const child = spawn(PYTHON, [SCRIPT, ...(opts.forceFeedback ? ['--ff'] : [])], { stdio: 'pipe' });
    const lines = createInterface({ input: child.stdout });
    const eventPath = await firstReady(child, lines, opts.timeoutMs ?? 15_000);
    const pad = new UinputPad(child, eventPath);
    lines.on('line', (line) => pad.onLine(line));
    child.once('exit', () => pad.failPending(new Error(`uinput_pad.py exited: ${pad.stderr.trim()}`)));
    return pad;
  }

  abs(axis: PadAxis, value: number): Promise<void> {
    return this.send(`abs ${axis} ${Math.round(value)}`);
  }

  key(button: PadButton, pressed: boolean | number): Promise<void> {
    return this.send(`key ${button} ${Number(pressed)}`);
  }

  /** SYN_REPORT: readers see the changes sent since the last sync as one frame. */
  sync(): Promise<void> {
    return this.send('syn');
  }

  /** /dev/input/jsN that joydev made for the pad, if joydev is loaded. */
  joystickPath(): string | undefined {
    const folder = join('/sys/class/input', basename(this.eventPath), 'device');
    const js = existsSync(folder) ? readdirSync(folder).find((e) => /^js\d+$/.test(e)) : undefined;
    return js && existsSync(`/dev/input/${js}`) ? `/dev/input/${js}` : undefined;
  }

  /** Calls `fn` for force-feedback uploads, plays and erases; returns an unsubscribe function. */
  onFeedback(fn: (ev: FeedbackEvent) => void): () => void {
    this.feedback.add(fn);
    return () => this.feedback.delete(fn);
  }

  /** Destroys the device and ends the script (killed by its PID if it does not quit within 3 s). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end('quit\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await this.exited;
    clearTimeout(timer);
  }

  private send(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null) return reject(new Error('uinput_pad.py is not running'));
      this.replies.push({ resolve, reject });
      this.child.stdin.write(`${line}\n`);
    });
  }

  private onLine(line: string): void {
    const ff = parseFeedback(line);
    if (ff) for (const fn of this.feedback) fn(ff);
    else if (line === 'ok') this.replies.shift()?.resolve();
    else if (line.startsWith('error ')) this.replies.shift()?.reject(new Error(`uinput_pad.py: ${line.slice(6)}`));
  }

  private failPending(err: Error): void {
    for (const reply of this.replies.splice(0)) reply.reject(err);
  }
}

function firstReady(
  child: ChildProcessWithoutNullStreams,
  lines: ReturnType<typeof createInterface>,
  timeoutMs: number,
): Promise<string> {
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`uinput_pad.py: ${why}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(`cannot start ${PYTHON}: ${err.message}`));
    child.once('exit', (code) => fail(`exited with ${code} before it was ready`));
    lines.once('line', (line) => {
      if (!line.startsWith('ready ')) return fail(`unexpected first line: ${line}`);
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(line.slice('ready '.length));
    });
  });
}
