import { setTimeout as sleep } from 'node:timers/promises';
import { ModelRunError } from '../../models/contract/errors.ts';
import type { AudioChunk, Frame, ModelSession, StepOutput } from '../core/world-model.ts';
import type { Logger } from '../core/log.ts';
import type { Conditions } from '../core/signals.ts';
import { RateMeter } from './rate.ts';
import { stallAfter, type MainThreadPauses } from './stall-watch.ts';

/** What the loop uses of the model keeper (ModelKeeper is one): the live session, the model's rate, and where a crash goes. */
export interface LoopModel {
  /** the session to step; undefined while the model is (re)starting */
  readonly session: Pick<ModelSession, 'push' | 'next' | 'steps' | 'closed'> | undefined;
  readonly manifest: { readonly fps: number } | undefined;
  /** the model crashed (stalled, or failed too many steps in a row): replace it */
  fail(err: Error): Promise<void>;
}

export interface LoopHooks {
  /** the conditions for the step about to be requested */
  conditions(now: number): Conditions;
  /** that step has taken its conditions (latched taps may now be released) */
  taken(now: number): void;
  frame(f: Frame): void;
  audio(c: AudioChunk): void;
  /** time the model worker spent on the step, for metrics */
  measured(runMs: number): void;
}

/** 'hold': no step now (the world is paused); 'once': one step whose frames are shown, not its sound */
export type StepGo = 'step' | 'hold' | 'once';

/** What may stop the heartbeat between two steps (the world transport: pause, snapshots, rewinds). */
export interface LoopGate {
  /** runs between two steps, the loop waiting for it: what touches the model's state goes here */
  between(): Promise<void>;
  next(): StepGo;
}

const STALL_MS = 1000;
const MAX_FAILED_STEPS = 10;

class Stalled extends Error {}

/**
 * The heartbeat: at the model's fps, samples the latest conditions, pulls the next step and fans its frames
 * and audio out. Outputs drop what they cannot take; the loop never waits for them. No frame for 1 s of the
 * main thread's time (stall-watch.ts: a pause of the main thread itself is not counted) counts as a crash: the keeper replaces the model while the pages show their fallback.
 */
export class WorldLoop {
  private running = false;
  private done: Promise<void> | undefined;
  private readonly meter = new RateMeter();
  private failedSteps = 0;
  /** main-thread pauses the stall watchdog saw and did not hold against the model */
  readonly pauses: MainThreadPauses = { count: 0, longestMs: 0 };
  /** when the conditions of the newest steps were sampled (Date.now(), by the step of the frame they brought), for motion-to-photon */
  readonly requests: { step: number; at: number }[] = [];
  steps = 0;
  /** how many times faster than its fps the world steps (the accelerated soak: Infinity, as fast as it can) */
  speedUp = 1;

  constructor(
    private readonly keeper: LoopModel,
    private readonly hooks: LoopHooks,
    private readonly log: Logger,
    private readonly gate?: LoopGate,
  ) {}

  start(): void {
    this.running = true;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  stats(now = performance.now()) {
    return { ...this.meter.summary(now), steps: this.steps, mainThreadPauses: { ...this.pauses } };
  }

  private async run(): Promise<void> {
    let due = performance.now();
    while (this.running) {
      const session = this.keeper.session;
      const fps = this.keeper.manifest?.fps;
      if (!session || !fps) {
        await sleep(50);
        due = performance.now();
        continue;
      }
      const go = await this.gated();
      if (go === 'hold') {
        await sleep(20);
        due = performance.now();
        continue;
      }
      const t0 = performance.now();
      session.push(this.hooks.conditions(t0));
      const pending = session.next();
      const requestedAt = Date.now();
      this.hooks.taken(t0);
      const out = await this.guard(pending, session.closed);
      if (out?.frames[0]) this.requested(out.frames[0].step, requestedAt);
      if (out) this.fanOut(go === 'once' ? { frames: out.frames, runMs: out.runMs } : out, t0);
      const period = 1000 / (fps * this.speedUp);
      due = Math.max(due + period, performance.now() - period);
      await sleep(Math.max(0, due - performance.now()));
    }
  }

  private requested(step: number, at: number): void {
    this.requests.push({ step, at });
    if (this.requests.length > 120) this.requests.shift();
  }

  /** a gate that throws must not stop the heartbeat: it is logged and the world steps on */
  private async gated(): Promise<StepGo> {
    if (!this.gate) return 'step';
    try {
      await this.gate.between();
      return this.gate.next();
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'the world transport failed between two steps');
      return 'step';
    }
  }

  /** the step's output, or undefined after handling why there is none */
  private async guard(pending: Promise<StepOutput>, wasClosed: boolean): Promise<StepOutput | undefined> {
    let stop: (() => void) | undefined;
    const stall = new Promise<never>((_, reject) => {
      stop = stallAfter(STALL_MS, this.pauses, () =>
        reject(new Stalled(`world model stalled: no frame for ${STALL_MS} ms`)),
      );
    });
    try {
      const out = await Promise.race([pending, stall]);
      this.failedSteps = 0;
      return out;
    } catch (err) {
      pending.catch(() => undefined);
      this.onStepError(err as Error, wasClosed);
      return undefined;
    } finally {
      stop?.();
    }
  }

  private onStepError(err: Error, wasClosed: boolean): void {
    if (err instanceof ModelRunError && err.reason === 'closed') return; // the world was reset under us
    if (err instanceof ModelRunError && err.reason === 'run-failed' && ++this.failedSteps < MAX_FAILED_STEPS) {
      if (this.failedSteps === 1) this.log.warn({ err: err.message }, 'a model step failed');
      return;
    }
    if (!wasClosed) void this.keeper.fail(err);
  }

  private fanOut(out: StepOutput, t0: number): void {
    this.steps++;
    const now = performance.now();
    this.meter.record(now, now - t0, out.runMs);
    this.hooks.measured(out.runMs);
    // an output that throws must not stop the heartbeat (the kiosk keeps running): logged once per message
    try {
      for (const f of out.frames) this.hooks.frame(f);
      if (out.audio) this.hooks.audio(out.audio);
    } catch (err) {
      this.reportOutputError(err as Error);
    }
  }

  private readonly outputErrors = new Set<string>();

  private reportOutputError(err: Error): void {
    if (this.outputErrors.has(err.message)) return;
    this.outputErrors.add(err.message);
    this.log.error(
      { err: err.message, stack: err.stack },
      'an output failed on a step (logged once per message; the loop goes on)',
    );
  }
}
