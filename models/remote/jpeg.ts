/** JPEG frames (`frame_jpeg`) decoded in a worker thread, so the main thread keeps serving the pages. */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../runtime/core/threads.ts';

export interface ToJpegWorker {
  id: number;
  jpegs: Uint8Array[];
  width: number;
  height: number;
}

export type FromJpegWorker = { id: number; frames: Uint8Array[] } | { id: number; error: string };

export class JpegDecoder {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (f: Uint8Array[]) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | undefined;

  /** RGBA pixels of each JPEG; rejects on a frame that does not decode or has another size */
  decode(jpegs: readonly Uint8Array[], width: number, height: number): Promise<Uint8Array[]> {
    if (this.dead) return Promise.reject(this.dead);
    const worker = this.start();
    const id = this.nextId++;
    // own copies: posting a view would copy the whole gRPC message buffer behind it
    const copies = jpegs.map((j) => new Uint8Array(j)); // (Buffer.slice would be a view)
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const m: ToJpegWorker = { id, jpegs: copies, width, height };
      worker.postMessage(
        m,
        copies.map((c) => c.buffer as ArrayBuffer),
      );
    });
  }

  /** starts the thread now (loading it takes a second run from source), so the first frame is not late */
  warm(): void {
    if (!this.dead) this.start();
  }

  async close(): Promise<void> {
    this.dead = new Error('JPEG decoder closed');
    this.fail(this.dead);
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker(import.meta.url, './jpeg-worker');
    worker.unref();
    worker.on('message', (m: FromJpegWorker) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ('error' in m) w?.reject(new Error(m.error));
      else w?.resolve(m.frames);
    });
    worker.on('error', (err) => {
      this.worker = undefined;
      this.fail(new Error(`JPEG decoder crashed: ${err.message}`));
    });
    worker.on('exit', () => (this.worker = undefined));
    this.worker = worker;
    return worker;
  }

  /** fails what is waiting; a crashed worker is started again for the next step */
  private fail(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
