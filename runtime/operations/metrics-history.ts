import { Emitter } from '../core/emitter.ts';
import type { Logger } from '../core/log.ts';
import { Ring } from './ring.ts';

/** One second of the exhibit's operation, as the console plots it. */
export interface MetricsSample {
  /** ms since the epoch, whole seconds */
  t: number;
  stepsPerSecond: number;
  /** mean and 95th percentile of the step time over the loop's window */
  stepMs: number;
  stepP95Ms: number;
  /**
   * per display: mean ms from the conditions sampled for a step to its page releasing the drawn frame, over
   * the frames drawn in this second; a display that drew nothing has no entry
   */
  photonMs: Record<string, number>;
  /** per output: frames dropped in this second */
  dropped: Record<string, number>;
  /** the devices (and the browser input) counted by state: open, opening, waiting, lost, closed */
  devices: Record<string, number>;
}

/** when something happened at a step (ms since the epoch) */
export interface StepStamp {
  step: number;
  at: number;
}

/** What the history reads each second; each part reports its own. */
export interface MetricsSources {
  loop(): { stepsPerSecond: number; stepMs: number; stepP95Ms: number };
  /** when the conditions of each recent step were sampled (the loop's requests) */
  requested(): readonly StepStamp[];
  /** per display: when its page released each recent frame it drew */
  drawn(): readonly { id: string; drawn: readonly StepStamp[] }[];
  /** per output: frames dropped so far */
  outputs(): readonly { id: string; dropped: number }[];
  devices(): readonly { state: string }[];
}

/** ten minutes at one sample a second */
export const HISTORY_SECONDS = 600;

/** The last minutes of operation, one sample a second, bounded; `added` tells the console of each new one. */
export class MetricsHistory {
  private readonly ring: Ring<MetricsSample>;
  private readonly droppedBefore = new Map<string, number>();
  /** the previous sample's time: frames drawn after it count in the next */
  private drawnAfter: number | undefined;
  readonly added: Emitter<[MetricsSample]>;

  constructor(
    private readonly sources: MetricsSources,
    log: Pick<Logger, 'error'>,
    capacity = HISTORY_SECONDS,
  ) {
    this.ring = new Ring(capacity);
    this.added = new Emitter('metrics sample', log);
  }

  samples(): MetricsSample[] {
    return this.ring.toArray();
  }

  /** read every source once and keep the result (called each second) */
  sample(now = Date.now()): MetricsSample {
    const { stepsPerSecond, stepMs, stepP95Ms } = this.sources.loop();
    const s: MetricsSample = {
      t: Math.round(now / 1000) * 1000,
      stepsPerSecond: round(stepsPerSecond),
      stepMs: round(stepMs),
      stepP95Ms: round(stepP95Ms),
      photonMs: this.photon(now),
      dropped: this.dropped(),
      devices: countBy(this.sources.devices().map((d) => d.state)),
    };
    this.ring.push(s);
    this.added.emit(s);
    return s;
  }

  private photon(now: number): Record<string, number> {
    const requested = new Map(this.sources.requested().map((r) => [r.step, r.at]));
    const out: Record<string, number> = {};
    const after = this.drawnAfter ?? now - 1000;
    for (const display of this.sources.drawn()) {
      const lags = display.drawn
        .filter((d) => d.at > after && d.at <= now && requested.has(d.step))
        .map((d) => d.at - requested.get(d.step)!);
      if (lags.length) out[display.id] = round(lags.reduce((a, b) => a + b, 0) / lags.length);
    }
    this.drawnAfter = now;
    return out;
  }

  private dropped(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const o of this.sources.outputs()) {
      const before = this.droppedBefore.get(o.id);
      out[o.id] = before === undefined ? 0 : Math.max(0, o.dropped - before);
      this.droppedBefore.set(o.id, o.dropped);
    }
    return out;
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

function countBy(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}
