import { setTimeout as sleep } from 'node:timers/promises';
import { Emitter } from '../core/emitter.ts';
import type { Logger } from '../core/log.ts';
import { Retrier, type RetryPolicy } from '../core/retrier.ts';
import type { BackendStatus, ModelSession, OpenSessionOptions, WorldModel } from '../core/world-model.ts';

export type ModelState = 'starting' | 'running' | 'restarting';

/** loads the model folder on whichever backend it asks for (models/backends.ts) */
export type ModelLoader = () => Promise<WorldModel>;

const RETRY: RetryPolicy = { firstMs: 500, maxMs: 30_000 };

/**
 * Keeps one world model running: loads it, opens the session, and after a crash or a stall loads it again
 * with a backoff that doubles up to 30 s. Failures are reported, never thrown at the loop.
 */
export class ModelKeeper {
  private model: WorldModel | undefined;
  private current: ModelSession | undefined;
  private stateNow: ModelState = 'starting';
  private readonly retrier: Retrier;
  private recovering: Promise<void> | undefined;
  private closed = false;
  private readonly health: Emitter<[ModelState, Error?]>;
  restarts = 0;
  lastError: string | undefined;

  constructor(
    private readonly load: ModelLoader,
    private readonly sessionOptions: () => OpenSessionOptions,
    private readonly log: Logger,
    retry: RetryPolicy = RETRY,
  ) {
    this.retrier = new Retrier(retry);
    this.health = new Emitter('model health', log);
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

  /** where the model runs (backend, server, sequence), once it has loaded */
  get backend(): BackendStatus | undefined {
    return this.model?.describe();
  }

  onHealth(fn: (s: ModelState, err?: Error) => void): () => void {
    return this.health.on(fn);
  }

  /** first load; throws if the model folder is unusable (a broken model is a configuration error) */
  async start(): Promise<void> {
    await this.bringUp();
  }

  /** a fresh world for the next visitor, same model; `opts` adds to the usual options (a starting picture) */
  async resetWorld(opts: Partial<OpenSessionOptions> = {}): Promise<void> {
    if (!this.model || this.stateNow !== 'running') return;
    this.current = await this.model.openSession({ ...this.sessionOptions(), ...opts });
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

  private async bringUp(): Promise<void> {
    const model = await this.load();
    model.onFailure((err) => void this.fail(err));
    this.model = model;
    this.current = await model.openSession(this.sessionOptions());
    this.setState('running');
  }

  private async recover(err: Error): Promise<void> {
    this.lastError = err.message;
    this.setState('restarting', err);
    this.log.error({ err: err.message }, 'world model failed; restarting it');
    const old = this.model;
    this.model = undefined;
    // in the background: a stalled worker is given 2 s to come out of onnxruntime before it is abandoned
    void old?.close().catch(() => undefined);
    while (!this.closed) {
      await sleep(this.retrier.next());
      try {
        await this.bringUp();
        this.restarts++;
        this.retrier.reset();
        this.log.info({ restarts: this.restarts }, 'world model back');
        return;
      } catch (e) {
        this.lastError = (e as Error).message;
        this.log.error({ err: this.lastError, retryInMs: this.retrier.upcomingMs }, 'world model restart failed');
      }
    }
  }

  private setState(s: ModelState, err?: Error): void {
    this.stateNow = s;
    this.health.emit(s, err);
  }
}
