import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SignalOrigin } from '../core/driver.ts';
import type { Logger } from '../core/log.ts';
import type { Signal } from '../core/signals.ts';

/** What a rehearsal needs of the world: its step count now, and a fresh world from a seed. */
export interface RehearsalWorld {
  steps(): number | undefined;
  reset(seed: number): Promise<void>;
}

const header = z.object({ format: z.literal('nacre-input/1'), seed: z.number().int(), startedAt: z.string() });
const line = z.object({
  step: z.number().int().nonnegative(),
  t: z.number(),
  source: z.string(),
  channel: z.string(),
  value: z.union([z.number(), z.boolean(), z.string(), z.array(z.number())]),
  from: z.object({ kind: z.string(), capabilities: z.record(z.string(), z.unknown()) }),
});
type Line = z.output<typeof line>;

export interface RehearsalStatus {
  recording?: string;
  replaying?: string;
  /** the last file recorded */
  last?: string;
}

const OWN = /^\/nacre\/(record|replay)/;

/**
 * Record and replay input. Recording starts a fresh world from a new seed and writes every signal with the
 * world step it arrived at (JSON Lines, the seed in the first line); replay starts the same world and feeds
 * each signal in before the same step, so the same file gives the same frames.
 */
export class Rehearsal {
  private out: { file: string; stream: WriteStream; origin: number } | undefined;
  private replay: { file: string; lines: Line[]; origin: number } | undefined;
  private last: string | undefined;

  constructor(
    private readonly dir: string,
    private readonly world: RehearsalWorld,
    private readonly route: (s: Signal, from: SignalOrigin) => void,
    private readonly log: Logger,
  ) {}

  /** /nacre/record/start, /nacre/record/stop, /nacre/replay "file" */
  handleOsc(address: string, value: Signal['value']): boolean {
    if (address === '/nacre/record/start') void this.record();
    else if (address === '/nacre/record/stop') this.stop();
    else if (address === '/nacre/replay') void this.play(typeof value === 'string' && value ? value : this.last);
    else return false;
    return true;
  }

  status(): RehearsalStatus {
    return {
      ...(this.out ? { recording: this.out.file } : {}),
      ...(this.replay ? { replaying: this.replay.file } : {}),
      ...(this.last ? { last: this.last } : {}),
    };
  }

  async record(): Promise<string> {
    this.stop();
    const seed = Math.floor(Math.random() * 1_000_000);
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `input-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    const stream = createWriteStream(file);
    stream.write(`${JSON.stringify({ format: 'nacre-input/1', seed, startedAt: new Date().toISOString() })}\n`);
    await this.world.reset(seed);
    this.out = { file, stream, origin: performance.now() };
    this.log.info({ file, seed }, 'recording input');
    return file;
  }

  stop(): void {
    if (!this.out) return;
    this.out.stream.end();
    this.last = this.out.file;
    this.log.info({ file: this.out.file }, 'recording stopped');
    this.out = undefined;
  }

  /** every routed signal, while recording */
  signal(s: Signal, from: SignalOrigin): void {
    if (!this.out || OWN.test(s.channel)) return;
    const step = this.world.steps() ?? 0;
    const entry = { step, t: s.t - this.out.origin, source: s.source, channel: s.channel, value: s.value, from };
    this.out.stream.write(`${JSON.stringify(entry)}\n`);
  }

  async play(file: string | undefined): Promise<void> {
    if (!file) return this.log.warn('replay: no file named and none recorded yet');
    this.stop();
    try {
      const [first, ...rest] = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      const { seed } = header.parse(JSON.parse(first ?? '{}'));
      const lines = rest.map((l) => line.parse(JSON.parse(l)));
      this.replay = undefined;
      await this.world.reset(seed);
      this.replay = { file, lines, origin: performance.now() };
      this.log.info({ file, seed, signals: lines.length }, 'replaying input');
    } catch (err) {
      this.log.warn({ file, err: (err as Error).message }, 'replay refused');
    }
  }

  /** before each step is sampled: the signals recorded at or before the world's step count now */
  beforeStep(): void {
    const r = this.replay;
    if (!r) return;
    const step = this.world.steps() ?? 0;
    while (r.lines.length && r.lines[0]!.step <= step) {
      const l = r.lines.shift()!;
      this.route({ source: l.source, channel: l.channel, value: l.value, t: r.origin + l.t }, l.from as SignalOrigin);
    }
    if (!r.lines.length) this.replay = undefined;
  }
}
