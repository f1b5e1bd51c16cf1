import type { Readable, Writable } from 'node:stream';

/**
 * The Chrome DevTools Protocol over Chromium's --remote-debugging-pipe (fd 3 in, fd 4 out, messages ended by
 * a NUL byte): no port to open or find, and the pipe closes with the browser.
 */
export class CdpPipe {
  private next = 1;
  private buffer = '';
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.on('data', (d: Buffer) => this.read(d.toString('utf8')));
    input.on('close', () => this.failAll(new Error('the browser closed its DevTools pipe')));
    out.on('error', () => undefined); // the browser died: 'close' above says so
  }

  /** a command; rejects after timeoutMs without an answer (a hung browser) */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
    timeoutMs = 5000,
  ): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer to ${method} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  private read(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      this.buffer = this.buffer.slice(end + 1);
      const w = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!w || message.id === undefined) continue;
      this.waiting.delete(message.id);
      if (message.error) w.reject(new Error(message.error.message));
      else w.resolve(message.result);
    }
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
