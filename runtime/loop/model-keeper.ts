import { setTimeout as sleep } from 'node:timers/promises';
import { Emitter } from '../core/emitter.ts';
import type { Logger } from '../core/log.ts';
import { Retrier, type RetryPolicy } from '../core/retrier.ts';
import type { BackendStatus, LoadStep, ModelSession, OpenSessionOptions, WorldModel } from '../core/world-model.ts';
import { LoadProgress } from './load-progress.ts';

export type ModelState = 'starting' | 'running' | 'restarting' | 'unloaded';

/** loads the model folder on whichever backend it asks for (models/backends.ts) */
export type ModelLoader = (progress?: (step: LoadStep) => void) => Promise<WorldModel>;

export interface KeeperOptions {
  retry?: RetryPolicy;
  /**
   * a model to run while the exhibit's own cannot (a remote server or a service down, capacity refused):
   * the pages never show a black wall, and the exhibit's model is tried again at the next visit
   */
  fallback?: ModelLoader;
}

const RETRY: RetryPolicy = { firstMs: 500, maxMs: 30_000 };

/**
 * Keeps one world model running: loads it, opens the session, and after a crash or a stall loads it again
 * with a backoff that doubles up to 30 s, or at once runs the fallback model where there is one. Failures
 * are reported, never thrown at the loop.
 */
export class ModelKeeper {
  private model: WorldModel | undefined;
  private current: ModelSession | undefined;
  private stateNow: ModelState = 'starting';
  private readonly retrier: Retrier;
  private recovering: Promise<void> | undefined;
  private closed = false;
  private readonly health: Emitter<[ModelState, Error?]>;
  /** a new session (a new visit's world, the fallback's, the model's again): what hosts a world may change */
  private readonly sessions: Emitter<[]>;
  private readonly fallback: ModelLoader | undefined;
  /** why the fallback model runs now; undefined while the exhibit's own model runs */
  private fallbackReason: string | undefined;
  restarts = 0;
  lastError: string | undefined;
  /** loading, opening its world, ready or failed: each bring-up's phases, for status and the console */
  readonly progress = new LoadProgress();

  constructor(
    private readonly load: ModelLoader,
    private readonly sessionOptions: () => OpenSessionOptions,
    private readonly log: Logger,
    options: KeeperOptions = {},
  ) {
    this.retrier = new Retrier(options.retry ?? RETRY);
    this.fallback = options.fallback;
    this.health = new Emitter('model health', log);
    this.sessions = new Emitter('model session', log);
  }

  get state(): ModelState {
    return this.stateNow;
  }

  get session(): ModelSession | undefined {
    return this.stateNow === 'running' ? this.current : undefined;
  }

  get manifest() {
    return this.model?.manifest;
  }

  /** where the model runs (backend, server, sequence), and why the fallback runs if it does */
  get backend(): BackendStatus | undefined {
    const described = this.model?.describe();
    return described && this.fallbackReason ? { ...described, fallback: this.fallbackReason } : described;
  }

  onHealth(fn: (s: ModelState, err?: Error) => void): () => void {
    return this.health.on(fn);
  }

  /** called after every change of session, with or without a change of health */
  onSession(fn: () => void): () => void {
    return this.sessions.on(fn);
  }

  /** first load; throws if neither the model nor its fallback can run (a broken model is a configuration error) */
  async start(): Promise<void> {
    try {
      await this.bringUp(this.load);
    } catch (err) {
      if (!this.fallback) throw err;
      await this.useFallback(err as Error);
    }
  }

  /** a fresh world for the next visitor; on the fallback, the exhibit's own model is tried again first */
  async resetWorld(opts: Partial<OpenSessionOptions> = {}): Promise<void> {
    if (!this.model || this.stateNow !== 'running') return;
    if (this.fallbackReason !== undefined && (await this.tryOwnModel(opts))) return;
    this.current = await this.model.openSession(this.optionsFor(this.model, opts));
    this.sessions.emit();
  }

  /** outside opening hours: the model closed (the GPU free); reload() brings it back */
  async unload(): Promise<void> {
    const model = this.model;
    if (!model || this.stateNow === 'unloaded') return;
    this.model = undefined;
    this.current = undefined;
    this.fallbackReason = undefined;
    this.setState('unloaded');
    await model.close().catch(() => undefined);
  }

  /** back from unload(): the model (or its fallback) loaded and a world opened; nothing if it runs */
  async reload(): Promise<void> {
    if (this.stateNow !== 'unloaded') return;
    this.setState('starting');
    await this.start();
  }

  /** the loop saw a crash or a stall: throw the model away and bring a new one up */
  fail(err: Error): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.recovering ??= this.recover(err).finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  /** makes the model fail as a crash would (operators' diagnostic, tests) */
  crash(): void {
    this.model?.crash();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.model?.close();
  }

  private async bringUp(loader: ModelLoader, opts: Partial<OpenSessionOptions> = {}): Promise<void> {
    this.progress.to('loading');
    let model: WorldModel;
    try {
      model = await loader((step) => this.progress.step(step));
      this.progress.to('opening');
    } catch (err) {
      this.progress.to('failed', (err as Error).message);
      throw err;
    }
    try {
      this.current = await model.openSession(this.optionsFor(model, opts));
    } catch (err) {
      this.progress.to('failed', (err as Error).message);
      await model.close().catch(() => undefined);
      throw err;
    }
    this.progress.to('ready');
    // a model already replaced (closed while the fallback took over) no longer speaks for the world
    model.onFailure((err) => void (model === this.model && this.fail(err)));
    this.model = model;
    this.setState('running');
    this.sessions.emit();
  }

  /** a style carried over from another model (the fallback's, the last visit's) only where this model has it */
  private optionsFor(model: WorldModel, opts: Partial<OpenSessionOptions>): OpenSessionOptions {
    const options = { ...this.sessionOptions(), ...opts };
    if (options.style === undefined || options.style in (model.manifest.style?.presets ?? {})) return options;
    const { style: _dropped, ...rest } = options;
    return rest;
  }

  private async useFallback(why: Error): Promise<void> {
    this.log.warn({ err: why.message }, 'the world model cannot run: the fallback world runs until the next visit');
    await this.bringUp(this.fallback!);
    this.fallbackReason = why.message;
  }

  /** back from the fallback to the exhibit's own model, if it loads now; the fallback stays if not */
  private async tryOwnModel(opts: Partial<OpenSessionOptions>): Promise<boolean> {
    const fallback = this.model;
    try {
      await this.bringUp(this.load, opts);
    } catch (err) {
      this.fallbackReason = (err as Error).message;
      this.log.warn(
        { err: this.fallbackReason },
        'the world model still cannot run: another visit on the fallback world',
      );
      return false;
    }
    this.fallbackReason = undefined;
    this.log.info('the world model is back: the fallback world is closed');
    void fallback?.close().catch(() => undefined);
    return true;
  }

  private async recover(err: Error): Promise<void> {
    this.lastError = err.message;
    this.progress.to('failed', err.message);
    this.setState('restarting', err);
    this.log.error({ err: err.message }, 'world model failed; restarting it');
    const old = this.model;
    this.model = undefined;
    // in the background: a stalled worker is given 2 s to come out of onnxruntime before it is abandoned
    void old?.close().catch(() => undefined);
    if (this.fallback && this.fallbackReason === undefined && (await this.recoverOn(() => this.useFallback(err))))
      return;
    while (!this.closed) {
      await sleep(this.retrier.next());
      const loader = this.fallbackReason !== undefined && this.fallback ? this.fallback : this.load;
      if (await this.recoverOn(() => this.bringUp(loader))) return;
    }
  }

  /** one try at bringing a model back; true once it runs */
  private async recoverOn(attempt: () => Promise<void>): Promise<boolean> {
    try {
      await attempt();
      this.restarts++;
      this.retrier.reset();
      this.log.info({ restarts: this.restarts }, 'world model back');
      return true;
    } catch (e) {
      this.lastError = (e as Error).message;
      this.log.error({ err: this.lastError, retryInMs: this.retrier.upcomingMs }, 'world model restart failed');
      return false;
    }
  }

  private setState(s: ModelState, err?: Error): void {
    this.stateNow = s;
    this.health.emit(s, err);
  }
}
