import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './core/log.ts';

/** one travel's file at most this big (about an hour at the page's 2.5 Mbit/s) */
const MAX_FILE_BYTES = 1024 ** 3;

interface Open {
  id: string;
  path: string;
  out: WriteStream;
  next: number;
  bytes: number;
}

/**
 * Recordings of worlds a display page hosts (HappyOyster): the page records what it plays (WebM) and posts it
 * a second at a time (runtime/http/surface-recording.ts); this writes each travel to `<dir>/<date>-<surface id>.webm`, in order, bounded in size.
 * A piece out of order, for another travel, or past the bound is dropped and counted: the file stays playable
 * up to its last good piece.
 */
export class SurfaceRecorder {
  private open: Open | undefined;
  private dropped = 0;
  readonly files: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
    private readonly maxBytes = MAX_FILE_BYTES,
  ) {}

  /** `surfaceId`: the travel hosted now; pieces of any other are refused. True when the piece was written. */
  piece(meta: unknown, chunk: unknown, surfaceId: string | undefined): boolean {
    const m = meta as { id?: unknown; seq?: unknown; last?: unknown } | null;
    if (!m || typeof m.id !== 'string' || !Number.isInteger(m.seq) || !Buffer.isBuffer(chunk))
      return this.drop('malformed');
    if (m.id !== surfaceId && m.id !== this.open?.id) return this.drop('not the hosted travel');
    const file = this.fileFor(m.id, m.seq as number);
    if (!file) return this.drop('out of order');
    if (file.bytes + chunk.byteLength > this.maxBytes) return this.drop('over the size bound');
    file.out.write(chunk);
    file.bytes += chunk.byteLength;
    file.next++;
    if (m.last === true) void this.close();
    return true;
  }

  get stats(): { recording?: string; dropped: number } {
    return { ...(this.open ? { recording: this.open.path } : {}), dropped: this.dropped };
  }

  /** resolves once the file is written out */
  close(): Promise<void> {
    const f = this.open;
    if (!f) return Promise.resolve();
    this.open = undefined;
    this.log.info({ file: f.path, bytes: f.bytes }, 'recording of the hosted world closed');
    return new Promise((resolve) => f.out.end(resolve));
  }

  private fileFor(id: string, seq: number): Open | undefined {
    if (this.open?.id === id) return seq === this.open.next ? this.open : undefined;
    if (seq !== 0) return undefined; // a file starts with the recorder's header piece
    void this.close();
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.webm`);
    const out = createWriteStream(path, { flags: 'wx' });
    out.on('error', (err) => this.log.warn({ err: err.message, file: path }, 'recording write failed'));
    this.open = { id, path, out, next: 0, bytes: 0 };
    this.files.push(path);
    this.log.info({ file: path }, 'recording the hosted world');
    return this.open;
  }

  private drop(why: string): false {
    if (++this.dropped % 50 === 1) this.log.warn({ why, dropped: this.dropped }, 'recording piece dropped');
    return false;
  }
}
