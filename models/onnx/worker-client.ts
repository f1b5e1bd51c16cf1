import { spawnWorker } from '../../runtime/core/threads.ts';
import type { Logger } from '../../runtime/core/log.ts';
import { ModelRunError } from '../contract/errors.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

type Reply = Extract<FromWorker, { id: number }>;

const SETTLE_MS = 2000;

/**
 * Request/reply over the worker port, with every waiter failed at once if the worker dies. The thread is
 * only ever terminated while it is not inside onnxruntime: terminating a thread in the middle of a native
 * run aborts the whole process. A worker that never comes back from a run is abandoned, not killed.
 */
export class WorkerClient {
  private readonly worker = spawnWorker(import.meta.url, './worker');
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  /** requests the worker has not answered yet, even if their waiters were already failed */
  private readonly outstanding = new Set<number>();
  private settled: (() => void) | undefined;
  private nextId = 1;
  private dead: Error | undefined;
  private readonly deathListeners = new Set<(e: Error) => void>();
  private firstMessage: ((m: FromWorker) => void) | undefined;

  constructor(private readonly log: Logger) {
    this.worker.on('message', (m: FromWorker) => {
      if ('id' in m) {
        this.outstanding.delete(m.id);
        if (!this.outstanding.size) this.settled?.();
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        w?.resolve(m);
      } else this.firstMessage?.(m);
    });
    this.worker.on('error', (err) => this.die(new ModelRunError(`model worker crashed: ${err.message}`, 'crashed')));
    this.worker.on('exit', (code) => {
      this.outstanding.clear();
      this.settled?.();
      this.die(new ModelRunError(`model worker exited (code ${code})`, 'crashed'));
    });
  }

  /** waits for the one un-numbered reply (to 'load') */
  once(m: ToWorker): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(this.dead);
      const onDeath = (e: Error) => reject(e);
      this.deathListeners.add(onDeath);
      this.firstMessage = (reply) => {
        this.deathListeners.delete(onDeath);
        this.firstMessage = undefined;
        resolve(reply);
      };
      this.worker.postMessage(m);
    });
  }

  request<K extends ToWorker['kind']>(
    m: Omit<Extract<ToWorker, { kind: K }>, 'id'> & { kind: K },
    transfer: ArrayBuffer[] = [],
  ): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.outstanding.add(id);
      this.worker.postMessage({ ...m, id }, transfer);
    });
  }

  send(m: ToWorker): void {
    if (!this.dead) this.worker.postMessage(m);
  }

  onDeath(fn: (e: Error) => void): () => void {
    this.deathListeners.add(fn);
    return () => this.deathListeners.delete(fn);
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** diagnostic: the worker dies as a crash would, after what it is running now */
  crash(): void {
    this.send({ kind: 'crash' });
  }

  /** fails every waiter now; ends the thread once it is out of onnxruntime (or abandons it after 2 s) */
  async terminate(): Promise<void> {
    if (!this.dead) {
      this.dead = new ModelRunError('model closed', 'closed');
      this.failAll(this.dead);
    }
    if (this.outstanding.size) {
      const idle = new Promise<void>((resolve) => (this.settled = resolve));
      const timeout = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), SETTLE_MS).unref());
      if ((await Promise.race([idle, timeout])) === 'late') {
        this.log.error('model worker is stuck inside a step; abandoning its thread (restart the process to free it)');
        this.worker.unref();
        return;
      }
    }
    await this.worker.terminate();
  }

  private die(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    this.log.error({ err: err.message }, 'model worker died');
    this.failAll(err);
    for (const fn of this.deathListeners) fn(err);
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
