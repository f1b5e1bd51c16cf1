import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/log.ts';
import { Emitter } from '../core/emitter.ts';

export interface AuditEntry {
  at: string;
  /** the account, or "system" for what no one did (a lockout) */
  user: string;
  role?: string;
  address?: string;
  action: string;
  detail?: string;
  /** how it came: the HTTP API or OSC (left out: the console, a login) */
  via?: 'http' | 'osc';
}

const KEEP = 200;
/** the file is renamed to audit.log.1 past this size (one old file kept) */
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Who did what, when: operator actions, logins and lockouts, one JSON line each in `<stateDir>/audit.log`,
 * the last 200 kept for the console. Writes go one after another; a write that fails is logged, never thrown.
 */
export class AuditLog {
  readonly file: string;
  readonly added: Emitter<[AuditEntry]>;
  private readonly recent: AuditEntry[] = [];
  private writes: Promise<void> = Promise.resolve();

  constructor(
    stateDir: string,
    private readonly log: Logger,
  ) {
    this.file = join(stateDir, 'audit.log');
    this.added = new Emitter('audit entry', log);
  }

  record(entry: Omit<AuditEntry, 'at'>): AuditEntry {
    const full = { at: new Date().toISOString(), ...entry };
    this.recent.push(full);
    if (this.recent.length > KEEP) this.recent.shift();
    this.writes = this.writes
      .then(() => this.append(full))
      .catch((err: Error) => {
        this.log.warn({ err: err.message, file: this.file }, 'the audit log could not be written');
      });
    this.added.emit(full);
    return full;
  }

  history(): AuditEntry[] {
    return [...this.recent];
  }

  /** resolves once every entry recorded so far is on disk */
  flushed(): Promise<void> {
    return this.writes;
  }

  private async append(entry: AuditEntry): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true });
    const size = await stat(this.file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > MAX_BYTES) await rename(this.file, `${this.file}.1`);
    await appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }
}
