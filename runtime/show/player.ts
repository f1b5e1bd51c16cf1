import type { Logger } from '../core/log.ts';
import type { PlayerStatus } from './status.ts';
export type { PlayerStatus };
import { Ramp, restOf, type Level } from './ramp.ts';
import { cueTimeline, type Cue, type CueAction, type Show } from './schema.ts';

/** What a show acts on (show-control.ts builds it from the runtime's parts). */
export interface ShowStage {
  /** an instant action: set, release, instruct, style, session, transport, blackout, osc, vote (throws when refused) */
  act(a: CueAction): void;
  /** a condition at cue priority (undefined: released) */
  hold(target: string, v: Level | undefined): void;
  /** where a numeric condition stands now, for a ramp that does not say where it starts */
  level(target: string): Level | undefined;
  /** the conditions held at cue priority now (what panic fades and releases) */
  held(): { target: string; value: unknown }[];
  feedback(address: string, value: string): void;
}

interface Running {
  cue: Cue;
  /** when its actions start (after the pre-wait) and when they are all done, performance.now() ms */
  startsAt: number;
  endsAt: number;
  timers: NodeJS.Timeout[];
  ramps: Ramp[];
}

/** a cue's start as planned (from GO and the pre-waits and durations before it) and as it happened */
export interface Fired {
  number: string;
  planned: number;
  actual: number;
}

const TICK_MS = 1000 / 30;

/**
 * A cue list played QLab's way: a standby cursor, GO (with a double-GO guard), pre-waits, and cues that
 * continue into the next one. Planned times are absolute from the GO, so late timers never add up along a
 * chain. Ramps are written at cue priority 30 times a second.
 */
export class CuePlayer {
  private standbyIndex = 0;
  private lastGo = -Infinity;
  private ignoredGos = 0;
  private readonly running = new Map<string, Running>();
  private panicRamps: Ramp[] = [];
  private ticker: NodeJS.Timeout | undefined;
  /** the last cue starts, for the console and for measuring timing */
  readonly fired: Fired[] = [];
  /** the last actions that failed or were refused (a vote while phones are off), with their cue */
  readonly failures: { cue: string; error: string }[] = [];

  constructor(
    private show: Show,
    private readonly stage: ShowStage,
    private readonly log: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get cues(): readonly Cue[] {
    return this.show.cues;
  }

  /** a new version of the show file: running cues play on; the standby cue stays where it was if it still exists */
  load(show: Show): void {
    const standby = this.show.cues[this.standbyIndex]?.number;
    this.show = show;
    const again = show.cues.findIndex((c) => c.number === standby);
    this.setStandby(again >= 0 ? again : Math.min(this.standbyIndex, show.cues.length));
  }

  /** starts the standby cue; false when ignored (a double GO, the end of the list) */
  go(): boolean {
    const t = this.now();
    if (t - this.lastGo < this.show.goGuardMs) {
      this.ignoredGos++;
      this.log.info({ sinceMs: Math.round(t - this.lastGo) }, 'GO ignored: too soon after the last one');
      return false;
    }
    this.lastGo = t;
    if (this.standbyIndex >= this.show.cues.length) return false;
    this.setStandby(this.launch(this.standbyIndex, t) + 1);
    return true;
  }

  /** starts a cue by number, whatever stands by; the cursor moves after it (and its chain) */
  start(number: string): boolean {
    const i = this.show.cues.findIndex((c) => c.number === number);
    if (i < 0) return false;
    this.setStandby(this.launch(i, this.now()) + 1);
    return true;
  }

  standby(number: string): boolean {
    const i = this.show.cues.findIndex((c) => c.number === number);
    if (i >= 0) this.setStandby(i);
    return i >= 0;
  }

  /** stops one running cue (its ramps stay where they are), or all of them */
  stop(number?: string): void {
    for (const [n, r] of this.running) {
      if (number !== undefined && n !== number) continue;
      for (const t of r.timers) clearTimeout(t);
      this.running.delete(n);
    }
    this.changed();
  }

  /** every cue stopped; what cues hold fades to rest over the show's panicSeconds, then is released */
  panic(): void {
    this.stop();
    const t = this.now();
    const ms = this.show.panicSeconds * 1000;
    this.panicRamps = [];
    for (const { target, value } of this.stage.held()) {
      const level = asLevel(value);
      if (level === undefined || ms === 0) this.stage.hold(target, undefined);
      else this.panicRamps.push(new Ramp(target, level, restOf(level), t, ms));
    }
    this.tick();
  }

  status(): PlayerStatus {
    const t = this.now();
    const running = [...this.running.values()].map((r) => ({
      number: r.cue.number,
      name: r.cue.name,
      phase: t < r.startsAt ? ('pre-wait' as const) : ('running' as const),
      remainingSeconds: Math.max(0, Math.round((r.endsAt - t) / 100) / 10),
    }));
    return {
      standby: this.show.cues[this.standbyIndex]?.number ?? null,
      goReady: t - this.lastGo >= this.show.goGuardMs,
      ignoredGos: this.ignoredGos,
      running,
      ...(this.failures.length ? { failures: this.failures.slice(-5) } : {}),
    };
  }

  close(): void {
    this.stop();
    this.panicRamps = [];
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /**
   * starts cue i at `go` (its pre-wait from there) and the cues it continues into; the last index of the chain.
   * Every timer of a chain counts from the same `now`: two moments planned together then get the same delay and
   * run in the order they were planned (a delay a fraction shorter, from a later clock reading, would run first).
   */
  private launch(i: number, go: number, now = this.now()): number {
    const cue = this.show.cues[i]!;
    this.stop(cue.number); // a cue started again starts over
    const { at, duration } = cueTimeline(cue);
    const startsAt = go + cue.preWait * 1000;
    const r: Running = { cue, startsAt, endsAt: startsAt + duration * 1000, timers: [], ramps: [] };
    this.running.set(cue.number, r);
    const later = (when: number, fn: () => void) => r.timers.push(setTimeout(fn, Math.max(0, when - now)));
    later(startsAt, () => this.fired.push({ number: cue.number, planned: startsAt, actual: this.now() }));
    // one timer per moment, so actions due together run in their order and the cue ends after its last one
    for (const offset of new Set([...at, duration])) {
      const actions = cue.actions.filter((_, k) => at[k] === offset);
      later(startsAt + offset * 1000, () => {
        this.perform(r, actions);
        if (offset === duration) this.finish(cue.number, r);
      });
    }
    this.changed();
    if (this.fired.length > 200) this.fired.splice(0, this.fired.length - 200);
    const next = this.show.cues[i + 1];
    if (!next || cue.continue === 'do-not-continue') return i;
    return this.launch(i + 1, cue.continue === 'auto-continue' ? startsAt : r.endsAt, now);
  }

  private perform(r: Running, actions: CueAction[]): void {
    const t = this.now();
    for (const a of actions) {
      if ('wait' in a) continue;
      if (!('ramp' in a)) {
        this.safely(r.cue, a, () => this.stage.act(a));
        continue;
      }
      const from = a.from ?? this.stage.level(a.ramp) ?? restOf(a.to);
      r.ramps = r.ramps.filter((x) => x.target !== a.ramp);
      r.ramps.push(new Ramp(a.ramp, from, a.to, t, a.seconds * 1000, a.curve));
    }
    this.tick();
  }

  private safely(cue: Cue, a: CueAction, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn({ cue: cue.number, action: a, err: (err as Error).message }, 'a cue action failed');
      this.failures.push({ cue: cue.number, error: (err as Error).message });
      if (this.failures.length > 20) this.failures.shift();
    }
  }

  private finish(number: string, r: Running): void {
    if (this.running.get(number) !== r) return;
    this.tick();
    this.running.delete(number);
    this.changed();
  }

  /** writes every ramp's value now; keeps ticking while any ramp runs */
  private tick(): void {
    const t = this.now();
    const all = [...[...this.running.values()].flatMap((r) => r.ramps), ...this.panicRamps];
    for (const ramp of all) this.stage.hold(ramp.target, ramp.at(t));
    for (const r of this.running.values()) r.ramps = r.ramps.filter((x) => !x.done(t));
    const ending = this.panicRamps.filter((x) => x.done(t));
    this.panicRamps = this.panicRamps.filter((x) => !x.done(t));
    for (const x of ending) this.stage.hold(x.target, undefined);
    const more = this.panicRamps.length > 0 || [...this.running.values()].some((r) => r.ramps.length > 0);
    if (more && !this.ticker) this.ticker = setInterval(() => this.tick(), TICK_MS);
    if (!more && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private setStandby(i: number): void {
    this.standbyIndex = i;
    this.stage.feedback('/nacre/cue/standby', this.show.cues[i]?.number ?? '');
  }

  private changed(): void {
    this.stage.feedback('/nacre/cue/running', [...this.running.keys()].join(' '));
  }
}

function asLevel(v: unknown): Level | undefined {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
    return [v[0] as number, v[1] as number] as const;
  return undefined;
}
