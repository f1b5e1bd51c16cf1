import type { ConsoleHub } from './console/server.ts';
import type { AudioChunk, Frame } from './core/world-model.ts';
import type { DisplayHub } from './display-hub.ts';
import type { LoopHooks } from './loop/world-loop.ts';
import type { ConditionStore } from './mapping/store.ts';
import type { RuntimeMetrics } from './metrics.ts';
import type { OutputBindings } from './output-bindings.ts';
import type { SessionDriver } from './session-driver.ts';
import type { Conditions } from './core/signals.ts';

/**
 * One model step through the exhibit: the session decides what the model is given (the visitor's input,
 * the attract autopilot, or nothing), and what it makes goes to the displays, the speakers and the console.
 */
export class StepFlow implements LoopHooks {
  /** the console joins once the HTTP server is up */
  console: ConsoleHub | undefined;
  /** hears every chunk of the world's sound (the transport fades the last one out as the world pauses) */
  heard: ((c: AudioChunk) => void) | undefined;
  /** runs before each step's conditions are sampled (a replay feeds its signals in) */
  beforeStep: (() => void) | undefined;

  constructor(
    private readonly store: ConditionStore,
    private readonly session: SessionDriver,
    private readonly bindings: OutputBindings,
    private readonly displays: DisplayHub,
    private readonly metrics: RuntimeMetrics,
    /** the running world's own time left, where it ends by itself */
    private readonly worldTimeLeft: () => number | undefined = () => undefined,
  ) {}

  conditions(now: number): Conditions {
    this.beforeStep?.();
    return this.session.conditions(now, this.store);
  }

  taken(now: number): void {
    this.store.consume();
    this.session.worldTimeLeft(this.worldTimeLeft(), now);
    this.session.tick(now);
    this.bindings.update(this.session.now.phase, this.session.lastConditions);
  }

  frame(f: Frame): void {
    this.metrics.steps.inc();
    this.displays.presentFrame(f);
    this.console?.preview(f);
  }

  audio(c: AudioChunk): void {
    this.displays.presentAudio(c);
    this.heard?.(c);
  }

  measured(runMs: number): void {
    this.metrics.stepSeconds.observe(runMs / 1000);
  }
}
