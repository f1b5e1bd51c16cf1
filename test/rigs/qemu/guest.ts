/**
 * Runs a shell command inside a QEMU (TCG) guest booted from the Debian kernel with initramfs.ts's initramfs:
 * the host root is the guest's root (9p, chroot), so the command runs with the host's node in the project.
 * The guest has /dev/uhid, a dummy_hcd USB gadget (configfs), uinput, evdev and joydev.
 *
 *   npx tsx test/rigs/qemu/guest.ts [--timeout-ms N] [--memory-mb N] -- <command...>
 *
 * Arguments after `--` are joined with spaces into one shell command (as ssh does). The guest's output
 * streams to stdout; the process exits with the command's exit status (124 on timeout).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInitramfs, CACHE } from './initramfs.ts';

export const PROJECT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
export const GUEST_ENV_FLAG = 'NACRE_QEMU_GUEST';
const START = '@@nacre-guest-start@@';
const EXIT = /@@nacre-guest-exit=(\d+)@@/;
const FAIL = /@@nacre-guest-fail: (.*)@@/;
const PASS_ENV = ['PATH', 'HOME', 'USER', 'LANG', 'TZ', 'CI', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS', 'DEBUG'];

export interface GuestOptions {
  /** Kill the guest after this long (default 15 minutes). */
  timeoutMs?: number;
  /** Guest memory (default 2048 MiB). */
  memoryMb?: number;
  /** Working directory inside the guest (default: the project root). */
  cwd?: string;
  /** Extra environment variables for the command. */
  env?: Record<string, string>;
  /** Called with the command's output as it arrives (boot messages are not included). */
  onOutput?: (text: string) => void;
}

export interface GuestResult {
  code: number;
  output: string;
}

export class GuestError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

function findQemu(): string {
  for (const dir of (process.env.PATH ?? '/usr/bin').split(delimiter)) {
    const candidate = join(dir, 'qemu-system-x86_64');
    if (existsSync(candidate)) return candidate;
  }
  if (existsSync('/usr/bin/qemu-system-x86_64')) return '/usr/bin/qemu-system-x86_64';
  throw new Error(
    'qemu-system-x86_64 not found: run scripts/install-system-packages.sh (as root) to install qemu-system-x86',
  );
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function envScript(opts: GuestOptions): string {
  const env: Record<string, string> = { UV_THREADPOOL_SIZE: '16' };
  for (const name of PASS_ENV) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  env.PATH = [
    join(PROJECT, 'node_modules/.bin'),
    env.PATH,
    '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  ]
    .filter(Boolean)
    .join(':');
  Object.assign(env, opts.env, { [GUEST_ENV_FLAG]: '1' });
  const lines = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`);
  return `${lines.join('\n')}\ncd ${quote(opts.cwd ?? PROJECT)}\n`;
}

async function prepareRun(command: string, opts: GuestOptions): Promise<string> {
  const dir = join(CACHE, 'runs', `${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'env.sh'), envScript(opts));
  await writeFile(join(dir, 'command.sh'), `${command}\n`);
  // init.sh puts a fresh tmpfs on /tmp and /run: a project checked out there is bound back over them
  await writeFile(join(dir, 'project'), `${PROJECT}\n`);
  return dir;
}

function qemuArgs(kernel: string, initramfs: string, runDir: string, memoryMb: number): string[] {
  const virtfs = (path: string, tag: string, extra = '') => [
    '-virtfs',
    `local,path=${path.replace(/,/g, ',,')},mount_tag=${tag},security_model=passthrough${extra}`,
  ];
  return [
    '-accel',
    'tcg,thread=multi,tb-size=256',
    '-cpu',
    'max',
    '-m',
    String(memoryMb),
    '-smp',
    String(Math.min(2, availableParallelism())),
    '-kernel',
    kernel,
    '-initrd',
    initramfs,
    '-append',
    `console=ttyS0 quiet loglevel=3 panic=-1 rig.cache=${process.env.NACRE_GUEST_9P_CACHE ?? 'loose'}`,
    '-nographic',
    '-no-reboot',
    '-net',
    'none',
    ...virtfs('/', 'hostroot', ',multidevs=remap'),
    ...virtfs(runDir, 'rigrun'),
  ];
}

/** Splits the serial console into boot log and the command's output (between the markers). */
class ConsoleSplitter {
  boot = '';
  output = '';
  exitCode: number | undefined;
  failure: string | undefined;
  private pending = '';
  private started = false;

  constructor(private readonly onOutput?: (text: string) => void) {}

  push(chunk: string): void {
    this.pending += chunk.replace(/\r/g, '');
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      this.line(this.pending.slice(0, newline + 1));
      this.pending = this.pending.slice(newline + 1);
    }
  }

  end(): void {
    if (this.pending) this.line(this.pending);
    this.pending = '';
  }

  private line(line: string): void {
    const fail = FAIL.exec(line);
    if (fail) this.failure = fail[1];
    if (!this.started) {
      this.started = line.includes(START);
      if (!this.started) this.boot += line;
      return;
    }
    if (this.exitCode !== undefined) return;
    const exit = EXIT.exec(line);
    const text = exit ? line.slice(0, exit.index) : line;
    if (exit) this.exitCode = Number(exit[1]);
    if (!text) return;
    this.output += text;
    this.onOutput?.(text);
  }
}

const tail = (text: string, lines = 40) => text.split('\n').slice(-lines).join('\n');

function readStatus(runDir: string): number | undefined {
  const file = join(runDir, 'status');
  if (!existsSync(file)) return undefined;
  const code = Number.parseInt(readFileSync(file, 'utf8'), 10);
  return Number.isNaN(code) ? undefined : code;
}

function boot(args: string[], qemu: string, split: ConsoleSplitter, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const stopOnSignal = () => child.kill('SIGKILL');
    process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => split.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (err) => reject(new Error(`cannot start ${qemu}: ${err.message}`)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
      split.end();
      if (timedOut) reject(new GuestError(`the QEMU guest ran past ${timeoutMs} ms and was killed`, split.output));
      else if (code !== 0 && split.exitCode === undefined) {
        reject(
          new GuestError(`qemu exited with ${code ?? signal}: ${stderr.trim()}\n${tail(split.boot)}`, split.output),
        );
      } else resolve();
    });
  });
}

/** Boots the guest, runs `command` with /bin/sh in the project folder as root, and powers the guest off. */
export async function runInGuest(command: string, opts: GuestOptions = {}): Promise<GuestResult> {
  const qemu = findQemu();
  const { initramfs, kernel } = await buildInitramfs();
  const runDir = await prepareRun(command, opts);
  const split = new ConsoleSplitter(opts.onOutput);
  try {
    await boot(
      qemuArgs(kernel.image, initramfs, runDir, opts.memoryMb ?? 2048),
      qemu,
      split,
      opts.timeoutMs ?? 15 * 60_000,
    );
    if (split.failure)
      throw new GuestError(`the guest's init failed: ${split.failure}\n${tail(split.boot)}`, split.output);
    const code = readStatus(runDir) ?? split.exitCode;
    if (code === undefined)
      throw new GuestError(`the guest never reported the command's exit status\n${tail(split.boot)}`, split.output);
    return { code, output: split.output };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

function parseCli(argv: string[]): { command: string; opts: GuestOptions } {
  const opts: GuestOptions = {};
  const dashes = argv.indexOf('--');
  const flags = dashes >= 0 ? argv.slice(0, dashes) : argv;
  const rest = dashes >= 0 ? argv.slice(dashes + 1) : [];
  for (let i = 0; i < flags.length; i += 2) {
    const value = Number(flags[i + 1]);
    if (flags[i] === '--timeout-ms' && value > 0) opts.timeoutMs = value;
    else if (flags[i] === '--memory-mb' && value > 0) opts.memoryMb = value;
    else
      throw new Error(
        `unknown option ${flags[i]}\nusage: tsx test/rigs/qemu/guest.ts [--timeout-ms N] [--memory-mb N] -- <command...>`,
      );
  }
  if (rest.length === 0)
    throw new Error('usage: tsx test/rigs/qemu/guest.ts [--timeout-ms N] [--memory-mb N] -- <command...>');
  return { command: rest.join(' '), opts };
}

async function main(): Promise<number> {
  const { command, opts } = parseCli(process.argv.slice(2));
  const started = performance.now();
  try {
    const { code } = await runInGuest(command, { ...opts, onOutput: (text) => process.stdout.write(text) });
    console.error(`[qemu guest] exit ${code} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } catch (err) {
    console.error(`[qemu guest] ${(err as Error).message}`);
    return /ran past/.test((err as Error).message) ? 124 : 125;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(err.message);
      process.exit(2);
    },
  );
}
