import type { NacreConfig } from '../config/schema.ts';
import { loadWorldModel } from '../models/backends.ts';
import { IMAGE_STYLE } from '../models/conditions.ts';
import type { InstructionEntry } from './console/protocol.ts';
import { surfaceLinkOf, type ModelHealth, type SurfaceLink } from './core/display-protocol.ts';
import { Emitter } from './core/emitter.ts';
import type { Logger } from './core/log.ts';
import type { Value } from './core/signals.ts';
import type { PendingAck, RgbImage, TransportStatus, WorldTransport } from './core/world-model.ts';
import { InstructionLog } from './instructions.ts';
import { ModelKeeper, type ModelState } from './loop/model-keeper.ts';
import type { RuntimeMetrics } from './metrics.ts';
import type { RuntimeTransport } from './transport/runtime-transport.ts';

/** status feedback to the show's other gear (OSC); never throws */
export type Feedback = (address: string, value: Value) => void;

const randomSeed = () => Math.floor(Math.random() * 100_000);

/**
 * The world and what shapes it: keeps the model running (through the keeper), carries the chosen style from
 * one visit to the next, starts worlds from pictures, and sends text instructions, keeping their log.
 */
export class WorldDirector {
  readonly keeper: ModelKeeper;
  readonly instructions = new InstructionLog();
  /** entries the runtime adds itself (a world from a picture): the console shows them as they come */
  readonly announced: Emitter<[InstructionEntry]>;
  private lastStyle: string | undefined;
  /** the runtime's own transport, for worlds whose state it can save (runtime.ts sets it) */
  runtimeTransport: RuntimeTransport | undefined;

  constructor(
    model: NacreConfig['model'],
    private readonly feedback: Feedback,
    private readonly metrics: RuntimeMetrics,
    private readonly log: Logger,
  ) {
    const opts = {
      provider: model.provider,
      lookahead: model.lookahead,
      log,
      ...(model.threads ? { threads: model.threads } : {}),
    };
    const fallback = model.fallback;
    this.keeper = new ModelKeeper(
      (progress) => loadWorldModel(model.path, { ...opts, ...(progress && { progress }) }),
      () => ({ seed: randomSeed(), ...(this.lastStyle ? { style: this.lastStyle } : {}) }),
      log,
      fallback ? { fallback: (progress) => loadWorldModel(fallback, { ...opts, ...(progress && { progress }) }) } : {},
    );
    this.announced = new Emitter('instruction', log);
  }

  onHealth(fn: (s: ModelState, err?: Error) => void): () => void {
    return this.keeper.onHealth(fn);
  }

  /** a new session began (a new visit, the fallback taking over, the model back) */
  onSession(fn: () => void): () => void {
    return this.keeper.onSession(fn);
  }

  /** `surface`: the running world is one a display page hosts (HappyOyster); the DisplayHub links them */
  health(): ModelHealth & { surface?: SurfaceLink } {
    if (this.keeper.state !== 'running') return { state: 'failed', message: this.keeper.lastError ?? 'starting' };
    const surface = surfaceLinkOf(this.keeper.session);
    return surface ? { state: 'running', surface } : { state: 'running' };
  }

  /** a fresh world for the next visitor, in the style the last one chose (a picture's look is not carried) */
  async resetWorld(): Promise<void> {
    const style = this.keeper.session?.style;
    if (style && style !== IMAGE_STYLE) this.lastStyle = style;
    // a model that is restarting comes back with a fresh world anyway: nothing else to do then
    await this.keeper.resetWorld().catch((err: Error) => this.log.warn({ err: err.message }, 'world reset failed'));
  }

  /** a text instruction reaches the running world as a prompt event, without a restart; `from`: who asked, if not the operator */
  instruct(text: string, from?: string): InstructionEntry {
    const session = this.keeper.session;
    const ack = session
      ? session.instruct({ text })
      : { accepted: false, effect: 'the world model is restarting; try again in a moment' };
    this.metrics.instructions.inc({ accepted: String(ack.accepted) });
    const entry = this.instructions.add(text, ack.accepted, ack.effect, from);
    this.feedback('/nacre/prompt/current', text);
    if (session?.style) this.feedback('/nacre/style/current', session.style);
    this.log.info({ text, accepted: ack.accepted, effect: ack.effect, from }, 'instruction');
    this.announceLater(text, ack, undefined, from);
    return entry;
  }

  /** pause, resume and rewind, where the running world can: the console greys them out with the reason */
  transportStatus(): TransportStatus {
    const t = this.transport();
    return t ? t.status() : { available: false, paused: false, reason: this.noTransport() };
  }

  /** a transport command; logged with the instructions, the world's later answer too */
  moveTransport(action: 'pause' | 'resume' | 'rewind', seconds = 0): PendingAck {
    const t = this.transport();
    const text = action === 'rewind' ? `rewind ${seconds} s` : action;
    return this.act(text, !t ? undefined : () => (action === 'rewind' ? t.rewind(seconds) : t[action]()));
  }

  /** saves the running world under a name (the runtime's transport only: a world it can save) */
  bookmark(name: string): PendingAck {
    const t = this.runtimeTransport;
    return this.act(`bookmark "${name}"`, t && this.servedByRuntime() ? () => t.bookmark(name) : undefined);
  }

  /** a bookmarked world replaces the running one */
  recall(name: string): PendingAck {
    const t = this.runtimeTransport;
    return this.act(`recall "${name}"`, t && this.servedByRuntime() ? () => t.recall(name) : undefined);
  }

  bookmarkNames(): string[] {
    return this.runtimeTransport?.bookmarkNames ?? [];
  }

  private act(text: string, run: (() => PendingAck) | undefined): PendingAck {
    const t = this.transport();
    const ack: PendingAck = run ? run() : { accepted: false, effect: this.noTransport() };
    this.announced.emit(this.instructions.add(text, ack.accepted, ack.effect));
    this.feedback('/nacre/transport/paused', t?.status().paused ?? false);
    this.log.info({ text, accepted: ack.accepted, effect: ack.effect }, 'world transport');
    this.announceLater(text, ack, () => this.feedback('/nacre/transport/paused', t?.status().paused ?? false));
    return ack;
  }

  /** the session's own transport (a service's), else the runtime's where it can save the world's state */
  private transport(): WorldTransport | undefined {
    const session = this.keeper.session;
    if (session?.transport) return session.transport;
    return this.servedByRuntime() ? this.runtimeTransport : undefined;
  }

  private servedByRuntime(): boolean {
    const session = this.keeper.session;
    return !!session && !session.transport && !!this.runtimeTransport?.serves(session);
  }

  private noTransport(): string {
    const session = this.keeper.session;
    if (!session) return 'the world model is restarting; try again in a moment';
    const name = this.keeper.manifest?.name ?? '?';
    if (session.transport) return `model "${name}" keeps its own world: it has no bookmarks`;
    const why = this.runtimeTransport?.reason;
    return `model "${name}" cannot pause or rewind${why ? `: ${why}` : ''}`;
  }

  /** a service that answers later (HappyOyster): its answer is logged as it comes, refusals included */
  private announceLater(text: string, ack: PendingAck, then?: () => void, from?: string): void {
    void ack.settled?.then((later) => {
      this.announced.emit(this.instructions.add(text, later.accepted, later.effect, from));
      then?.();
    });
  }

  /** a new world from a picture (a camera snapshot): the model's init takes it, the picture is not kept */
  async worldFromImage(image: RgbImage, from: string): Promise<void> {
    const manifest = this.keeper.manifest;
    if (!manifest?.init?.inputs.includes('image')) {
      const why = `model "${manifest?.name ?? '?'}" cannot start from a picture`;
      this.announced.emit(this.instructions.add(`new world from ${from}`, false, why));
      return;
    }
    await this.keeper.resetWorld({ image });
    const style = this.keeper.session?.style;
    const effect = `started from a ${image.width}x${image.height} picture${style ? `, style ${style}` : ''}`;
    this.announced.emit(this.instructions.add(`new world from ${from}`, true, effect));
    this.log.info({ from }, 'new world from a picture');
  }

  start(): Promise<void> {
    return this.keeper.start();
  }

  close(): Promise<void> {
    return this.keeper.close();
  }
}
