import type { AudioChunk } from '../../runtime/core/world-model.ts';
import { Emitter } from '../../runtime/core/emitter.ts';
import { silentLogger, type Logger } from '../../runtime/core/log.ts';
import type { Output, OutputState, OutputStats } from '../../runtime/core/output.ts';
import { Backoff } from './backoff.ts';
import { chunkProblem, interleave } from './interleave.ts';
import { PlayerProcess } from './player-process.ts';
import { playerFor, type StreamFormat } from './players.ts';
import type { SpeakerConfig } from './schema.ts';

export { speakerSchema, type SpeakerConfig } from './schema.ts';

export interface SpeakerOptions {
  /** merged over process.env for the player (e.g. PULSE_SERVER) */
  env?: NodeJS.ProcessEnv;
  /** wait before the first retry after a failure; doubles up to maxBackoffMs */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** close(): how long the player may play out before SIGTERM (and as long again before SIGKILL) */
  closeDeadlineMs?: number;
}

/**
 * Plays the model's audio through a standard player (pacat or aplay) as a child process. Never blocks and
 * never throws at the loop: a backed-up pipe drops the chunk, a dead player is reported 'lost' and started
 * again by a later chunk once its backoff has passed.
 */
export class SpeakerOutput implements Output {
  readonly kind = 'speaker';
  private player: PlayerProcess | undefined;
  private format: StreamFormat | undefined;
  private stateNow: OutputState = 'opening';
  private lastError: string | undefined;
  private readonly counts: OutputStats = { presented: 0, dropped: 0 };
  private readonly backoff: Backoff;
  private retryAt = 0;
  /** since the last failure, until a player opens again */
  private failed = false;
  private readonly retiring = new Set<Promise<void>>();
  private readonly logged = new Set<string>();
  private readonly states: Emitter<[OutputState, Error?]>;
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: SpeakerConfig,
    private readonly log: Logger = silentLogger(),
    private readonly options: SpeakerOptions = {},
  ) {
    this.states = new Emitter(`speaker ${config.id} state`, log);
    this.backoff = new Backoff(options.backoffMs ?? 1000, options.maxBackoffMs ?? 30_000);
  }

  get id(): string {
    return this.config.id;
  }

  get state(): OutputState {
    return this.stateNow;
  }

  /** the running player's PID, if any */
  get pid(): number | undefined {
    return this.player?.pid;
  }

  presentAudio(chunk: AudioChunk): void {
    try {
      this.present(chunk);
    } catch (e) {
      this.counts.dropped++;
      this.logOnce(`speaker could not take a chunk: ${(e as Error).message}`);
    }
  }

  onState(fn: (s: OutputState, err?: Error) => void): () => void {
    return this.states.on(fn);
  }

  stats(): OutputStats {
    return { ...this.counts };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private present(chunk: AudioChunk): void {
    if (this.closing) return;
    const problem = chunkProblem(chunk);
    if (problem) {
      this.counts.dropped++;
      this.logOnce(`speaker dropped a malformed chunk: ${problem}`);
      return;
    }
    if (this.player && (this.format?.rate !== chunk.rate || this.format.channels !== chunk.channels)) {
      this.retire(this.player);
      this.player = undefined;
    }
    this.player ??= this.start({ rate: chunk.rate, channels: chunk.channels });
    if (!this.player || this.player.busy) {
      this.counts.dropped++;
      return;
    }
    this.player.write(interleave(chunk, this.config.volume));
    this.counts.presented++;
  }

  /** a new player, or undefined while the backoff after a failure lasts */
  private start(format: StreamFormat): PlayerProcess | undefined {
    if (performance.now() < this.retryAt) return undefined;
    this.format = format;
    const spec = playerFor(this.config, format);
    try {
      const p: PlayerProcess = new PlayerProcess(
        spec,
        { ...process.env, ...this.options.env },
        {
          ready: () => {
            if (this.player !== p) return;
            this.log.info(
              { id: this.id, device: this.config.device, ...format },
              this.failed ? 'speaker back' : 'speaker playing',
            );
            this.failed = false;
            this.setState('open');
          },
          ended: (err) => {
            if (this.player !== p) return;
            this.player = undefined;
            this.fail(err, p.openForMs);
          },
        },
      );
      this.setState('opening');
      return p;
    } catch (e) {
      this.fail(new Error(`${spec.bin} could not start: ${(e as Error).message}`), 0);
      return undefined;
    }
  }

  private fail(err: Error, ranForMs: number): void {
    const waitMs = this.backoff.next(ranForMs);
    this.retryAt = performance.now() + waitMs;
    this.failed = true;
    this.logOnce(err.message, { retryInMs: waitMs });
    this.setState('lost', err);
  }

  private retire(p: PlayerProcess): void {
    const stopped = p.stop(this.options.closeDeadlineMs ?? 1000);
    this.retiring.add(stopped);
    void stopped.finally(() => this.retiring.delete(stopped));
  }

  private async shutdown(): Promise<void> {
    this.setState('closing');
    const p = this.player;
    this.player = undefined;
    if (p) this.retire(p);
    await Promise.all(this.retiring);
    this.setState('closed');
  }

  private setState(s: OutputState, err?: Error): void {
    if (s === this.stateNow && err?.message === this.lastError) return;
    this.stateNow = s;
    this.lastError = err?.message;
    this.states.emit(s, err);
  }

  private logOnce(msg: string, extra: Record<string, unknown> = {}): void {
    if (this.logged.has(msg)) return;
    this.logged.add(msg);
    this.log.warn({ id: this.id, backend: this.config.backend, device: this.config.device, ...extra }, msg);
  }
}
