import type { AudioChunk } from '../../runtime/core/world-model.ts';
import { Emitter } from '../../runtime/core/emitter.ts';
import { silentLogger, type Logger } from '../../runtime/core/log.ts';
import type { Output, OutputState, OutputStats } from '../../runtime/core/output.ts';
import { Backoff } from './backoff.ts';
import { SinkChannels } from './channel-map.ts';
import {
  checkChannel,
  checkToneKind,
  checkToneSeconds,
  SpeakerControls,
  type SpeakerChange,
  type SpeakerView,
} from './controls.ts';
import { chunkProblem } from './chunk-problem.ts';
import { float32le, Mixer } from './mixer.ts';
import { PlayerProcess } from './player-process.ts';
import { playerFor, type StreamFormat } from './players.ts';
import type { SpeakerConfig } from './schema.ts';
import { TestTone } from './test-tone.ts';

export { speakerSchema, type SpeakerConfig } from './schema.ts';
export type { SpeakerChange, SpeakerView } from './controls.ts';

/** the test tone is written this far ahead of the clock, so timer jitter does not starve the player */
const TONE_LEAD_MS = 100;
const TONE_TICK_MS = 20;
/** a test tone before the model has sent any audio plays at this rate */
const DEFAULT_RATE = 48_000;

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
 * Plays the model's audio through a standard player (pacat or aplay) as a child process, mixed onto the
 * speaker's channels (mixer.ts: matrix, delays, level, mute). Never blocks and never throws at the loop: a
 * backed-up pipe drops the chunk, a dead player is reported 'lost' and started again by a later chunk once
 * its backoff has passed. A test tone replaces the model's audio while it plays, paced by its own timer.
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
  private readonly mixer: Mixer;
  readonly controls: SpeakerControls;
  /** the sink's channel names, read as the player starts */
  private readonly sink: SinkChannels;
  private tone: { t: TestTone; startedAt: number } | undefined;
  private toneTimer: NodeJS.Timeout | undefined;
  /** why the model's audio cannot play (the matrix does not fit it), until a chunk fits */
  private problem: string | undefined;

  constructor(
    readonly config: SpeakerConfig,
    private readonly log: Logger = silentLogger(),
    private readonly options: SpeakerOptions = {},
  ) {
    this.states = new Emitter(`speaker ${config.id} state`, log);
    this.backoff = new Backoff(options.backoffMs ?? 1000, options.maxBackoffMs ?? 30_000);
    this.mixer = new Mixer(config);
    this.controls = new SpeakerControls(config);
    this.sink = new SinkChannels(config, { ...process.env, ...options.env }, (m) => this.logOnce(m));
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

  /** the sink's channel count: configured, or as many as the model sends (0 before its first chunk) */
  get channels(): number {
    return this.config.channels ?? this.format?.channels ?? 0;
  }

  /** a live change (level, mute, test tone); throws SpeakerChangeError, changing nothing, when it cannot be made */
  change(c: SpeakerChange): SpeakerView {
    if ('tone' in c) this.playTone(c.tone, c.seconds, c.kind);
    else this.controls.apply(c, this.channels, this.sink.names);
    return this.view();
  }

  /** a world just started that sends `channels` (from its manifest): says now, not at its first chunk, when
   *  the matrix does not fit it */
  expectModel(channels: number | undefined): void {
    if (channels === undefined) return;
    this.problem = this.mixer.problem({ channels });
    if (this.problem) this.logOnce(`speaker will not play the model's audio: ${this.problem}`);
  }

  view(): SpeakerView {
    const { level, mute, mutedChannels } = this.controls;
    const t = this.tone?.t;
    const tone = t && { channel: t.channel, kind: t.kind, remainingSeconds: t.remainingSeconds };
    return {
      id: this.id,
      channels: this.channels,
      ...(this.sink.names.length ? { channelNames: [...this.sink.names] } : {}),
      level,
      mute,
      mutedChannels,
      delayMs: this.config.delayMs ?? [],
      ...(tone ? { tone } : {}),
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }

  private present(chunk: AudioChunk): void {
    if (this.closing) return;
    const problem = chunkProblem(chunk);
    if (problem) {
      this.counts.dropped++;
      this.logOnce(`speaker dropped a malformed chunk: ${problem}`);
      return;
    }
    this.problem = this.mixer.problem(chunk);
    if (this.problem) {
      this.counts.dropped++;
      this.logOnce(`speaker dropped the model's audio: ${this.problem}`);
      return;
    }
    if (this.tone) {
      this.counts.presented++; // taken; the test tone plays in its place
      return;
    }
    const player = this.playerFor({ rate: chunk.rate, channels: this.mixer.outputsFor(chunk.channels) });
    if (!player || player.busy) {
      this.counts.dropped++;
      return;
    }
    player.write(float32le(this.mixer.mix(chunk, this.controls.gains())));
    this.counts.presented++;
  }

  /** the player for this format: the running one, a new one (the format changed), or none during a backoff */
  private playerFor(format: StreamFormat): PlayerProcess | undefined {
    if (this.player && (this.format?.rate !== format.rate || this.format.channels !== format.channels)) {
      this.retire(this.player);
      this.player = undefined;
    }
    this.player ??= this.start(format);
    return this.player;
  }

  private playTone(channel: unknown, seconds: unknown, kind: unknown): void {
    const c = checkChannel(channel, this.channels, this.sink.names);
    const s = checkToneSeconds(seconds);
    const k = checkToneKind(kind);
    if (s === 0 || this.closing) return this.stopTone();
    const rate = this.format?.rate ?? DEFAULT_RATE;
    this.tone = { t: new TestTone(c, this.channels, rate, s, k), startedAt: performance.now() };
    this.toneTimer ??= setInterval(() => this.toneTick(), TONE_TICK_MS);
    this.toneTick();
  }

  /** writes the tone's samples up to the clock (and a little ahead); a busy or starting player waits */
  private toneTick(): void {
    const tone = this.tone;
    if (!tone || tone.t.done || this.closing) return this.stopTone();
    const { rate, channels } = tone.t;
    const player = this.playerFor({ rate, channels });
    if (!player || player.busy) return;
    const due = Math.floor(((performance.now() - tone.startedAt + TONE_LEAD_MS) * rate) / 1000);
    if (due > tone.t.position) player.write(float32le(tone.t.next(due - tone.t.position)));
  }

  private stopTone(): void {
    clearInterval(this.toneTimer);
    this.toneTimer = undefined;
    this.tone = undefined;
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
      this.sink.refresh();
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
    this.stopTone();
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
