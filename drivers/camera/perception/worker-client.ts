import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../../runtime/core/threads.ts';
import type { RgbFrame } from './frame.ts';
import type { PerceptionOptions, PerceptionResult } from './perceive.ts';
import type { FromPerception, ToPerception } from './worker-protocol.ts';

type Pending = { resolve: (m: FromPerception) => void; reject: (e: Error) => void };

/**
 * Perception off the main thread: frames go to a worker one at a time (the caller drops frames while
 * `busy`). A frame is copied to the worker, not transferred, so the camera keeps it for a snapshot.
 */
export class PerceptionWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | undefined;
  private inFlight = 0;
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromPerception) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    });
    worker.on('error', (err) => this.fail(new Error(`perception worker crashed: ${err.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`perception worker exited (code ${code})`)));
    worker.unref(); // a camera's worker never keeps the process alive by itself
  }

  static async start(options: PerceptionOptions): Promise<PerceptionWorker> {
    const client = new PerceptionWorker(spawnWorker(import.meta.url, './worker'));
    const reply = await client.request({ kind: 'start', id: 0, options });
    if (reply.kind === 'failed') {
      await client.close();
      throw new Error(`perception could not start: ${reply.message}`);
    }
    return client;
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  async process(frame: RgbFrame): Promise<PerceptionResult> {
    this.inFlight++;
    try {
      const reply = await this.request({
        kind: 'frame',
        id: 0,
        frame: { data: frame.data, width: frame.width, height: frame.height },
      });
      if (reply.kind !== 'result')
        throw new Error(`perception failed: ${'message' in reply ? reply.message : reply.kind}`);
      return reply.result;
    } finally {
      this.inFlight--;
    }
  }

  /**
   * Asks the worker to end after the frame it is on: terminating a thread inside onnxruntime's run aborts
   * the process. A worker that does not end within `ms` is left to finish on its own (unref'd).
   */
  async close(ms = 3000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<boolean>((resolve) => this.worker.once('exit', () => resolve(true)));
    this.worker.postMessage({ kind: 'stop', id: 0 } satisfies ToPerception);
    const timer = setTimeout(() => this.worker.unref(), ms);
    await Promise.race([exited, new Promise((r) => setTimeout(r, ms))]);
    clearTimeout(timer);
    this.fail(new Error('perception closed'));
  }

  private request(m: ToPerception): Promise<FromPerception> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...m, id });
    });
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
