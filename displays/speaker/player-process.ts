import { spawn, type ChildProcess } from 'node:child_process';
import type { Player } from './players.ts';
import { StderrTail } from './stderr-tail.ts';

export interface PlayerEvents {
  ready(): void;
  /** the player is gone (exited, killed or never started); `err` says why and what to do */
  ended(err: Error): void;
}

const README = "see displays/speaker/README.md 'Speakers'";

/** One running player (pacat, aplay): raw audio in on stdin, readiness and errors out on stderr. */
export class PlayerProcess {
  private readonly child: ChildProcess;
  private readonly stderr = new StderrTail();
  private spawnError: NodeJS.ErrnoException | undefined;
  private backedUp = false;
  private readyAt: number | undefined;
  private stopping = false;
  readonly done: Promise<void>;

  /** throws only if the arguments are unusable; a missing binary is reported through `ended` */
  constructor(
    private readonly player: Player,
    env: NodeJS.ProcessEnv,
    private readonly events: PlayerEvents,
  ) {
    // C locale: the player's messages are matched in English to give advice
    this.child = spawn(player.bin, player.args, { stdio: ['pipe', 'ignore', 'pipe'], env: { ...env, LC_ALL: 'C' } });
    this.child.stdin!.on('error', () => undefined); // EPIPE when the player dies: 'close' reports why
    this.child.stdin!.on('drain', () => {
      this.backedUp = false;
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr.push(d);
      if (this.readyAt === undefined && player.ready.test(this.stderr.all)) {
        this.readyAt = performance.now();
        this.stderr.clear(); // what came before was the startup report
        this.events.ready();
      }
    });
    this.child.on('error', (e) => {
      this.spawnError ??= e;
    });
    this.done = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        resolve();
        if (!this.stopping) this.events.ended(this.explain(code, signal));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** true while earlier audio still waits for the pipe: the next chunk should be dropped */
  get busy(): boolean {
    return this.backedUp || this.stopping || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** ms since the player's device opened, 0 if it never did */
  get openForMs(): number {
    return this.readyAt === undefined ? 0 : performance.now() - this.readyAt;
  }

  write(bytes: Buffer): void {
    if (!this.child.stdin!.write(bytes)) this.backedUp = true;
  }

  /** ends stdin so the player plays out and exits; SIGTERM after `deadlineMs`, SIGKILL after as long again */
  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.child.stdin!.end();
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (await this.exitsWithin(deadlineMs)) return;
      this.child.kill(signal);
    }
    await this.done;
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.done.then(() => true as const), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private explain(code: number | null, signal: NodeJS.Signals | null): Error {
    const { bin, pkg } = this.player;
    if (this.spawnError?.code === 'ENOENT') {
      return new Error(`${bin} not found; install the Debian package ${pkg} (scripts/install-system-packages.sh)`);
    }
    if (this.spawnError) return new Error(`${bin} could not start: ${this.spawnError.message}; ${README}`);
    const how = signal ? `was killed (${signal})` : `exited (code ${code})`;
    const said = this.stderr.lastLine(this.player.chatter);
    const advice = this.player.advise(this.stderr.all);
    return new Error([`${bin} ${how}${said ? `: ${said}` : ''}`, advice, README].filter(Boolean).join('; '));
  }
}
