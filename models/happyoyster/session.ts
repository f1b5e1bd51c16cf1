import { randomUUID } from 'node:crypto';
import type { Logger } from '../../runtime/core/log.ts';
import type { PageSurface, SurfaceCommand, SurfaceLink, SurfaceReport } from '../../runtime/core/display-protocol.ts';
import type { Conditions, PromptEvent } from '../../runtime/core/signals.ts';
import type {
  AudioChunk,
  Frame,
  ModelSession,
  ModelState,
  PendingAck,
  StepOutput,
  WorldTransport,
} from '../../runtime/core/world-model.ts';
import { ModelRunError } from '../contract/errors.ts';
import { HappyOysterError, type OpenApiClient } from './api.ts';
import { heldCommand, RELEASED, sameCommand } from './controls.ts';
import { budgetSec, type HappyOysterSpec } from './spec.ts';
import { DirectingControls, withRetry, type TravelNow } from './directing.ts';
import { CredentialRenewal, type Credentials } from './credentials.ts';
import { instructionRefusal } from './instruction.ts';
import { TravelPoll } from './travel-poll.ts';

export interface SessionSetup {
  spec: HappyOysterSpec;
  client: OpenApiClient;
  surface: PageSurface;
  /** the ticket and token in `surface`, and how to mint new ones while the kiosk waits for a visitor */
  credentials: Credentials;
  renew: () => Promise<Credentials>;
  /** the model is told once when the travel fails for good (the keeper falls back) */
  fail: (err: Error) => void;
  log: Logger;
  now?: () => number;
}

/**
 * One travel (one visit) of a HappyOyster world, hosted by a display page. next() yields steps without frames
 * at the manifest's fps: the loop keeps its heartbeat, while the video goes from the service to the page.
 * Held conditions become Adventure's held command for the page's player; instructions, pause, resume and
 * rewind go to the Open API from here, with the primary key.
 */
export class HappyOysterSession implements ModelSession, SurfaceLink {
  readonly surfaceLink: SurfaceLink = this;
  private held: SurfaceCommand = RELEASED;
  private readonly listeners = new Set<() => void>();
  private stepCount = 0;
  private isClosed = false;
  private failed: Error | undefined;
  private startedAt: number | undefined;
  private joined = false;
  private ended = false;
  private readonly directing: DirectingControls;
  private travel: string | undefined;
  private stream: string | undefined;
  private elapsed = 0;
  /** when `elapsed` was last read from the service */
  private elapsedAt = 0;
  private readonly poll: TravelPoll;
  private readonly now: () => number;
  private current: PageSurface;
  private readonly renewal: CredentialRenewal;

  constructor(private readonly s: SessionSetup) {
    this.now = s.now ?? (() => performance.now());
    this.directing = new DirectingControls(s.client, s.spec.mode, () => this.travelNow());
    this.current = s.surface;
    this.poll = new TravelPoll(s.client, s.spec.statusPollMs, {
      elapsed: (sec) => {
        this.elapsed = sec;
        this.elapsedAt = this.now();
      },
      paused: () => (this.directing.paused = true),
      completed: () => this.finish('the travel is over (its time is up)'),
      failed: (err) => this.fail(err),
    });
    this.renewal = new CredentialRenewal(s.credentials, {
      renew: s.renew,
      waiting: () => this.state === 'waiting',
      apply: (c) => {
        this.current = { ...this.current, ticket: c.ticket, token: c.token };
        s.log.info({ surface: this.current.id }, 'HappyOyster travel ticket renewed for the waiting display');
        this.emit();
      },
      now: this.now,
      log: s.log,
      everyMs: s.spec.statusPollMs,
    });
  }

  /** pause, resume and rewind (a Directing travel; an Adventure one says why not) */
  get transport(): WorldTransport {
    return this.directing;
  }

  /** the travel's budget less its time so far; the kiosk ends the visit when it runs out */
  timeLeftMs(): number | undefined {
    if (this.ended) return 0;
    if (!this.joined) return undefined;
    const running = this.directing.paused ? 0 : this.now() - this.elapsedAt;
    return Math.max(0, budgetSec(this.s.spec) * 1000 - this.elapsed * 1000 - running);
  }

  get surface(): PageSurface | undefined {
    return this.isClosed || this.failed ? undefined : this.current;
  }

  get command(): SurfaceCommand {
    return this.held;
  }

  /** the travel's id once a page has joined it */
  get travelId(): string | undefined {
    return this.travel;
  }

  get state(): 'waiting' | 'starting' | 'joined' | 'ended' | 'failed' | 'closed' {
    if (this.isClosed) return 'closed';
    if (this.failed) return 'failed';
    if (this.ended) return 'ended';
    if (this.joined) return 'joined';
    return this.startedAt === undefined ? 'waiting' : 'starting';
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get style(): string | undefined {
    return undefined;
  }

  get steps(): number {
    return this.stepCount;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  push(c: Partial<Conditions>): void {
    if (this.s.spec.mode !== 'adventure' || this.isClosed) return;
    const next =
      this.ended || !c.move || !c.look
        ? RELEASED
        : heldCommand({ move: c.move, look: c.look, actions: c.actions ?? {} }, this.s.spec.verbs);
    this.hold(next);
  }

  report(r: SurfaceReport): void {
    if (r.id !== this.current.id || this.isClosed) return;
    switch (r.event) {
      case 'starting':
        this.startedAt ??= this.now();
        return;
      case 'joined':
        this.joined = true;
        this.travel = r.travelId;
        this.elapsedAt = this.now();
        this.s.log.info({ travel: r.travelId }, 'HappyOyster travel joined by the display');
        this.poll.start(r.travelId, () => this.stream);
        return;
      case 'stream':
        this.stream = r.status;
        return;
      case 'blur':
        this.hold(RELEASED);
        return;
      case 'ended':
        this.finish('the display says the travel ended');
        return;
      case 'failed':
        this.fail(
          new HappyOysterError(
            'display player',
            typeof r.code === 'number' && r.code >= 100000 && r.code < 1000000 ? r.code : 'network',
            `the display could not play the travel: ${r.message}${r.code !== undefined ? ` (player code ${r.code})` : ''}`,
          ),
        );
        return;
    }
  }

  instruct(p: PromptEvent): PendingAck {
    const text = p.text.trim();
    const travel = this.travel;
    const refused = instructionRefusal(this.s.spec.mode, text, { started: !!travel, ended: this.ended });
    if (refused || !travel) return refused!;
    const id = randomUUID();
    const settled = withRetry(() =>
      this.s.client
        .instruct(travel, text, id)
        .then((a) =>
          a.accepted
            ? { accepted: true, effect: 'HappyOyster took it' }
            : { accepted: false, effect: 'HappyOyster did not take it' },
        ),
    );
    return { accepted: true, effect: 'sent to HappyOyster', settled };
  }

  async next(): Promise<StepOutput> {
    if (this.failed) throw this.failed;
    if (this.isClosed) throw new ModelRunError('HappyOyster travel closed', 'closed');
    const t = this.now();
    if (this.startedAt !== undefined && !this.joined && t - this.startedAt > this.s.spec.joinTimeoutSec * 1000) {
      this.fail(
        new HappyOysterError(
          'display player',
          'timeout',
          `the display began the travel ${this.s.spec.joinTimeoutSec} s ago and has not joined it`,
        ),
      );
      throw this.failed!;
    }
    this.stepCount++;
    return { frames: [], runMs: 0 };
  }

  async *frames(): AsyncIterableIterator<Frame> {
    while (!this.isClosed) yield* (await this.next()).frames;
  }

  async *audio(): AsyncIterableIterator<AudioChunk> {
    // the travel's sound plays on the page with its video
  }

  saveState(): Promise<ModelState> {
    return Promise.reject(
      new ModelRunError('a HappyOyster world lives in the service: it cannot be saved here', 'bad-state'),
    );
  }

  restoreState(): Promise<void> {
    return Promise.reject(
      new ModelRunError('a HappyOyster world lives in the service: it cannot be restored here', 'bad-state'),
    );
  }

  /** ends the travel (releasing the held command first) */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.hold(RELEASED);
    this.isClosed = true;
    this.poll.stop();
    this.renewal.stop();
    this.emit();
    if (this.travel && !this.ended && !this.failed) {
      await this.s.client
        .end(this.travel)
        .catch((err: Error) => this.s.log.warn({ err: err.message }, 'HappyOyster travel end failed'));
    }
  }

  private hold(next: SurfaceCommand): void {
    if (sameCommand(next, this.held)) return;
    this.held = next;
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) {
      try {
        fn();
      } catch (err) {
        this.s.log.warn({ err: (err as Error).message }, 'surface listener failed');
      }
    }
  }

  private travelNow(): TravelNow {
    if (!this.travel) return { why: 'the travel has not started yet (no visitor)' };
    if (this.ended || this.failed || this.isClosed) return { why: 'no travel is running' };
    return { travel: this.travel, elapsedSec: this.elapsed };
  }

  private finish(why: string): void {
    if (this.ended) return;
    this.ended = true;
    this.poll.stop();
    this.hold(RELEASED);
    this.s.log.info({ travel: this.travel, why }, 'HappyOyster travel ended');
  }

  private fail(err: Error): void {
    if (this.failed || this.isClosed) return;
    this.failed = err;
    this.poll.stop();
    this.held = RELEASED;
    this.emit();
    this.s.log.error({ err: err.message, travel: this.travel }, 'HappyOyster travel failed');
    this.s.fail(err);
  }
}
