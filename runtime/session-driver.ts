import type { SessionOverlay } from './core/display-protocol.ts';
import { autopilot } from './loop/autopilot.ts';
import { holdCues } from './loop/cue-hold.ts';
import type { ConditionStore } from './mapping/store.ts';
import {
  initialSession,
  reduceSession,
  sessionView,
  type SessionConfig,
  type SessionEvent,
  type SessionState,
} from './session/machine.ts';
import { neutralConditions, type Conditions } from './core/signals.ts';

export interface SessionEffects {
  resetWorld(): Promise<void>;
  overlay(o: SessionOverlay): void;
}

/** Runs the pure session machine against the clock, and carries out what it asks for. */
export class SessionDriver {
  private state: SessionState;
  private lastOverlay = '';
  private closed = false;
  private last: Conditions | undefined;
  private readonly origin = performance.now();
  /** sources that say someone is there (a camera's presence): they keep a visit going like input does */
  private readonly present = new Set<string>();

  private readonly clock: NodeJS.Timeout;

  constructor(
    private config: SessionConfig,
    private readonly effects: SessionEffects,
  ) {
    this.state = initialSession(config, performance.now());
    // model steps tick the session too, but a stopped model must not stop the goodbye or the reset
    this.clock = setInterval(() => this.tick(performance.now()), 500);
    this.clock.unref();
  }

  /**
   * New timings (a config reload) for the visit under way: its start and last input stay, so a shorter
   * maxSeconds or idleSeconds may end it at the next tick. The mode (wander, direct) is not changed here.
   */
  reconfigure(config: SessionConfig): void {
    if (config.mode !== this.config.mode) throw new Error('the session mode changes only at a restart');
    this.config = config;
    this.tick(performance.now());
  }

  /** a state read back from a checkpoint (crash-resume): the visit goes on where it was */
  restore(state: SessionState): void {
    this.state = state;
    this.tick(performance.now());
  }

  get now(): SessionState {
    return this.state;
  }

  view(t: number) {
    return sessionView(this.state, this.config, t);
  }

  overlay(t: number): SessionOverlay {
    return { phase: this.state.phase, overlay: this.view(t).overlay };
  }

  /**
   * attract flies the autopilot; a visitor in control gets the mapped input; otherwise nobody steers. Show
   * cues and operator overrides hold over all three (holdCues).
   */
  conditions(t: number, store: ConditionStore): Conditions {
    const view = this.view(t);
    const c = view.visitorControl
      ? store.snapshot()
      : holdCues(view.autopilot ? autopilot((t - this.origin) / 1000) : neutralConditions(), store);
    this.last = c;
    return c;
  }

  /** what the model was last given */
  get lastConditions(): Conditions | undefined {
    return this.last;
  }

  tick(t: number): void {
    if (this.present.size) this.dispatch({ type: 'visitor-input', t });
    this.dispatch({ type: 'tick', t });
  }

  /** a held "someone is there" from `source`: wakes the kiosk, and the visit does not time out while it holds */
  presence(source: string, here: boolean, t: number): void {
    if (!here) return void this.present.delete(source);
    this.present.add(source);
    this.visitorInput(t);
  }

  visitorInput(t: number): void {
    this.dispatch({ type: 'visitor-input', t });
  }

  operatorStart(): void {
    this.dispatch({ type: 'operator-start', t: performance.now() });
  }

  operatorReset(): void {
    this.dispatch({ type: 'operator-reset', t: performance.now() });
  }

  /** the world's own time left (a service's travel budget): the visit ends when it runs out */
  worldTimeLeft(leftMs: number | undefined, t: number): void {
    this.dispatch({ type: 'world-time', t, leftMs });
  }

  modelHealth(ok: boolean, t: number): void {
    this.dispatch(ok ? { type: 'world-ready', t } : { type: 'model-failed', t });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.clock);
  }

  private dispatch(event: SessionEvent): void {
    if (this.closed) return;
    const { state, effects } = reduceSession(this.state, event, this.config);
    this.state = state;
    for (const effect of effects) {
      if (effect.type === 'reset-world') {
        void this.effects.resetWorld().then(() => this.dispatch({ type: 'world-ready', t: performance.now() }));
      }
    }
    const o = this.overlay(event.t);
    const key = `${o.phase}/${o.overlay}`;
    if (key !== this.lastOverlay) {
      this.lastOverlay = key;
      this.effects.overlay(o);
    }
  }
}
