import { setTimeout as sleep } from 'node:timers/promises';
import { OnnxWorldModel, type OnnxModelOptions } from '../../models/onnx/model.ts';
import type { ModelSession, OpenSessionOptions } from '../core/world-model.ts';
import type { Logger } from '../core/log.ts';

export type ModelState = 'starting' | 'running' | 'restarting';

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps one world model running: loads it, opens the session, and after a crash or a stall loads it again
 * with a backoff that doubles up to 30 s. Failures are reported, never thrown at the loop.
 */
export class ModelKeeper {
  private model: OnnxWorldModel | undefined;
  private current: ModelSession | undefined;
  private stateNow: ModelState = 'starting';
  private backoff = FIRST_BACKOFF_MS;
  private recovering: Promise<void> | undefined;
  private closed = false;
  private readonly healthListeners = new Set<(s: ModelState, err?: Error) => void>();
  restarts = 0;
  lastError: string | undefined;

  constructor(
    private readonly dir: string,
    private readonly options: OnnxModelOptions,
    private readonly sessionOptions: () => OpenSessionOptions,
    private readonly log: Logger,
  ) {}

  get state(): ModelState {
    return this.stateNow;
  }

  get session(): ModelSession | undefined {
    return this.stateNow === 'running' ? this.current : undefined;
  }

  get manifest() {
    return this.model?.manifest;
  }

  onHealth(fn: (s: ModelState, err?: Error) => void): () => void {
    this.healthListeners.add(fn);
    return () => this.healthListeners.delete(fn);
  }

  /** first load; throws if the model folder is unusable (a broken model is a configuration error) */
  async start(): Promise<void> {
    await this.load();
  }

  /** a fresh world for the next visitor, same model */
  async resetWorld(): Promise<void> {
    if (!this.model || this.stateNow !== 'running') return;
    this.current = await this.model.openSession(this.sessionOptions());
  }

  /** the loop saw a crash or a stall: throw the worker away and bring a new one up */
  fail(err: Error): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.recovering ??= this.recover(err).finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  /** makes the worker crash (operators' diagnostic, tests) */
  crashWorker(): void {
    this.model?.crashWorker();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.model?.close();
  }

  private async load(): Promise<void> {
    const model = await OnnxWorldModel.load(this.dir, this.options);
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
      await sleep(this.backoff);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      try {
        await this.load();
        this.restarts++;
        this.backoff = FIRST_BACKOFF_MS;
        this.log.info({ restarts: this.restarts }, 'world model back');
        return;
      } catch (e) {
        this.lastError = (e as Error).message;
        this.log.error({ err: this.lastError, retryInMs: this.backoff }, 'world model restart failed');
      }
    }
  }

  private setState(s: ModelState, err?: Error): void {
    this.stateNow = s;
    for (const fn of this.healthListeners) fn(s, err);
  }
}
