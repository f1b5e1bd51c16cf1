/**
 * Non-blocking I/O on character devices (/dev/uhid, /dev/hidgN) from Node: a blocking read would hold a
 * libuv thread-pool thread until the kernel had data (and keep a test process alive), so the fds are opened
 * O_NONBLOCK and polled with a short sleep on EAGAIN.
 */
import { read, write } from 'node:fs';
import { promisify } from 'node:util';

const readAsync = promisify(read);
const writeAsync = promisify(write);
export const POLL_MS = 5;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isAgain = (err: unknown) => (err as NodeJS.ErrnoException).code === 'EAGAIN';

/** Reads records of up to `size` bytes until `stop()` or an error (returned; undefined when stopped). */
export async function pollReads(
  fd: number,
  size: number,
  onData: (data: Buffer) => void,
  stop: () => boolean,
): Promise<Error | undefined> {
  const buffer = Buffer.alloc(size);
  while (!stop()) {
    let n = 0;
    try {
      ({ bytesRead: n } = await readAsync(fd, buffer, 0, size, null));
    } catch (err) {
      if (!isAgain(err)) return err as Error;
    }
    if (n > 0) onData(Buffer.from(buffer.subarray(0, n)));
    else await sleep(POLL_MS);
  }
  return undefined;
}

/** Writes `data` in one write, retrying while the device says EAGAIN (e.g. the previous report is still queued). */
export async function writeWhenReady(fd: number, data: Uint8Array, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await writeAsync(fd, data, 0, data.length, null);
      return;
    } catch (err) {
      if (!isAgain(err)) throw err;
      if (Date.now() > deadline)
        throw new Error(`device not ready for a write within ${timeoutMs} ms (is the host reading?)`);
      await sleep(POLL_MS);
    }
  }
}

/** Reports received from the host: listeners, plus the last `max` kept for `next()`. */
export class ReportQueue<T> {
  private readonly items: T[] = [];
  private readonly listeners = new Set<(item: T) => void>();

  constructor(private readonly max = 1000) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.max) this.items.shift();
    for (const fn of this.listeners) fn(item);
  }

  on(fn: (item: T) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The oldest item not yet taken, waiting up to `timeoutMs`; `failure()` ends the wait early with its error. */
  async next(timeoutMs: number, failure: () => Error | undefined): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length === 0) {
      const err = failure();
      if (err) throw err;
      if (Date.now() > deadline) throw new Error(`no report from the host within ${timeoutMs} ms`);
      await sleep(POLL_MS);
    }
    return this.items.shift()!;
  }
}
