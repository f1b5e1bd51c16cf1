import type { Logger } from '../core/log.ts';
import type {
  AudioChunk,
  InstructionAck,
  ModelSession,
  ModelState,
  PendingAck,
  TransportStatus,
  WorldTransport,
} from '../core/world-model.ts';
import type { LoopGate, StepGo } from '../loop/world-loop.ts';
import { BOOKMARK_NAME_HELP, isBookmarkName, type BookmarkStore } from './bookmarks.ts';
import type { TransportConfig } from './config.ts';
import { fadeOut } from './fade.ts';
import { SnapshotRing } from './ring.ts';

/** What the transport uses of the model keeper: the running session and the model's rate. */
export interface TransportModel {
  readonly session: ModelSession | undefined;
  readonly manifest: { readonly fps: number } | undefined;
}

type Job = (s: ModelSession, fps: number) => Promise<InstructionAck>;

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The runtime's own transport, for a world whose state it can save (the ONNX worlds): pause holds the loop
 * (the last frame stays, the sound fades), rewind restores a snapshot from a ring kept one a second, and
 * bookmarks save the world by name. Everything that touches the model runs between two steps (the loop's
 * gate), so a snapshot never races a step.
 */
export class RuntimeTransport implements WorldTransport, LoopGate {
  private paused = false;
  private showOnce = false;
  private readonly ring: SnapshotRing;
  private jobs: { run: Job; done: (a: InstructionAck) => void }[] = [];
  private session: ModelSession | undefined;
  /** whether the current session saves its state (undefined until tried) */
  private saves: { ok: true } | { ok: false; reason: string } | undefined;
  private lastSnapshot = -Infinity;
  private lastAudio: AudioChunk | undefined;
  /** the bookmarks in the state directory, by name (read at start, kept as they are saved) */
  bookmarkNames: string[] = [];

  constructor(
    private readonly model: TransportModel,
    config: TransportConfig,
    private readonly bookmarks: BookmarkStore,
    /** where the pause's fade-out goes (the displays and speakers) */
    private readonly play: (c: AudioChunk) => void,
    private readonly log: Logger,
  ) {
    this.ring = new SnapshotRing(config.rewindSeconds + 1);
    this.refreshNames();
  }

  private refreshNames(): void {
    this.bookmarks.list().then(
      (all) => (this.bookmarkNames = all.map((b) => b.name)),
      (err: Error) => this.log.warn({ err: err.message }, 'the bookmarks could not be read'),
    );
  }

  /** true once the running session has shown it saves its state: then this transport serves it */
  serves(session: ModelSession): boolean {
    return session === this.session && this.saves?.ok === true;
  }

  /** why this transport cannot serve the running session, where it has tried */
  get reason(): string | undefined {
    return this.saves && !this.saves.ok ? this.saves.reason : undefined;
  }

  status(): TransportStatus & { snapshots: number; memoryBytes: number } {
    const fps = this.model.manifest?.fps ?? 1;
    const s = this.model.session;
    const oldest = this.ring.oldestStep;
    const back = s && oldest !== undefined ? Math.max(0, round1((s.steps - oldest) / fps)) : 0;
    return {
      available: !!s && this.serves(s),
      paused: this.paused,
      rewindableSeconds: back,
      snapshots: this.ring.size,
      memoryBytes: this.ring.bytes,
    };
  }

  pause(): PendingAck {
    if (this.paused) return { accepted: true, effect: 'already paused' };
    this.paused = true;
    if (this.lastAudio) this.play(fadeOut(this.lastAudio));
    this.lastAudio = undefined;
    return { accepted: true, effect: `paused at step ${this.model.session?.steps ?? '?'}` };
  }

  resume(): PendingAck {
    if (!this.paused) return { accepted: true, effect: 'already running' };
    this.paused = false;
    return { accepted: true, effect: `running again from step ${this.model.session?.steps ?? '?'}` };
  }

  rewind(seconds: number): PendingAck {
    if (!(seconds > 0)) return { accepted: false, effect: 'a rewind is a number of seconds above 0' };
    const settled = this.enqueue((s, fps) => this.goBack(s, fps, seconds));
    return { accepted: true, effect: `rewinding ${seconds} s`, settled };
  }

  /** saves the running world under `name` in the state directory */
  bookmark(name: string): PendingAck {
    if (!isBookmarkName(name))
      return { accepted: false, effect: `"${name}" is not a bookmark name: ${BOOKMARK_NAME_HELP}` };
    const settled = this.enqueue(async (s) => {
      const state = await s.saveState();
      await this.bookmarks.save(name, state);
      if (!this.bookmarkNames.includes(name)) this.bookmarkNames = [...this.bookmarkNames, name].sort();
      return { accepted: true, effect: `bookmark "${name}" saved at step ${state.step}` };
    });
    return { accepted: true, effect: `saving bookmark "${name}"`, settled };
  }

  /** the world saved under `name` replaces the running one (paused: its frame is shown) */
  recall(name: string): PendingAck {
    const settled = this.enqueue(async (s) => {
      const state = await this.bookmarks.load(name);
      if (!state) return { accepted: false, effect: `no bookmark "${name}"` };
      await s.restoreState(state);
      this.afterJump(state.step);
      return { accepted: true, effect: `bookmark "${name}" recalled (step ${state.step})` };
    });
    return { accepted: true, effect: `recalling bookmark "${name}"`, settled };
  }

  /**
   * a saved world (a visit's, carried on by its code) replaces the running one, and `then` runs before the
   * next step: a visit begun there steps first with the visitor's conditions, not the autopilot's
   */
  carryOn(state: ModelState, then: () => void): Promise<InstructionAck> {
    return this.enqueue(async (s) => {
      await s.restoreState(state);
      this.afterJump(state.step);
      then();
      return { accepted: true, effect: `world carried on from step ${state.step}` };
    });
  }

  /** every chunk of sound the world makes: the last one is faded out when the world pauses */
  heard(c: AudioChunk): void {
    this.lastAudio = c;
  }

  async between(): Promise<void> {
    const s = this.model.session;
    const fps = this.model.manifest?.fps;
    if (!s || !fps) return;
    if (s !== this.session) await this.adopt(s);
    if (!this.saves?.ok) return this.refuseJobs(this.saves?.reason ?? 'the world cannot save its state');
    while (this.jobs.length) {
      const job = this.jobs.shift()!;
      job.done(await job.run(s, fps).catch((err: Error) => ({ accepted: false, effect: err.message })));
    }
    if (!this.paused && s.steps - this.lastSnapshot >= fps) await this.snapshot(s);
  }

  next(): StepGo {
    if (!this.paused) return 'step';
    if (!this.showOnce) return 'hold';
    this.showOnce = false;
    return 'once';
  }

  /** a new world (a new visit, the model back): its own ring; a pause does not carry over to it */
  private async adopt(s: ModelSession): Promise<void> {
    this.session = s;
    this.ring.clear();
    this.paused = false;
    this.lastSnapshot = -Infinity;
    this.saves = undefined;
    if (s.transport) return; // the world pauses and rewinds itself: nothing to do here
    try {
      this.ring.push(await s.saveState());
      this.lastSnapshot = s.steps;
      this.saves = { ok: true };
    } catch (err) {
      this.saves = { ok: false, reason: (err as Error).message };
      this.log.info({ reason: this.saves.reason }, 'this world cannot save its state: no pause or rewind');
    }
  }

  private async snapshot(s: ModelSession): Promise<void> {
    try {
      this.ring.push(await s.saveState());
      this.lastSnapshot = s.steps;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'a world snapshot failed');
      this.lastSnapshot = s.steps;
    }
  }

  private async goBack(s: ModelSession, fps: number, seconds: number): Promise<InstructionAck> {
    const now = s.steps;
    const snap = this.ring.at(now - seconds * fps);
    if (!snap) return { accepted: false, effect: 'nothing to rewind to yet' };
    await s.restoreState(snap.state);
    this.ring.dropAfter(snap.step);
    this.afterJump(snap.step);
    const went = round1((now - snap.step) / fps);
    const short = went + 0.05 < seconds ? ` (the oldest snapshot; ${seconds} s asked)` : '';
    return { accepted: true, effect: `rewound ${went} s to step ${snap.step}${short}` };
  }

  /** after a restore: snapshots go on from there, and a paused world shows where it now is */
  private afterJump(step: number): void {
    this.lastSnapshot = step;
    if (this.paused) this.showOnce = true;
  }

  private enqueue(run: Job): Promise<InstructionAck> {
    return new Promise((done) => this.jobs.push({ run, done }));
  }

  private refuseJobs(reason: string): void {
    for (const job of this.jobs.splice(0)) job.done({ accepted: false, effect: reason });
  }
}
