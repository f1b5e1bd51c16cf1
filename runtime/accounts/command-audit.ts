import type { AuditEntry } from './audit.ts';

/** the same command from the same sender within this long is one entry, its repeats counted */
export const COALESCE_MS = 10_000;
/** senders followed at once for coalescing; past this the oldest is written out early */
const MAX_PENDING = 256;

type Entry = Omit<AuditEntry, 'at'>;

interface Pending {
  entry: Entry;
  repeats: number;
  timer: NodeJS.Timeout;
}

/**
 * The audit of commands that come from the HTTP API and OSC (README "Security"): each one once, and a desk or a
 * script that repeats the same command (a blackout button held, a loop) as one entry plus a count of its repeats,
 * written when COALESCE_MS has passed. Continuous conditions (moves, looks, action holds) are never given here.
 */
export class CommandAudit {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly audit: { record(e: Entry): unknown }) {}

  record(entry: Entry): void {
    const key = JSON.stringify([entry.user, entry.address, entry.via, entry.action, entry.detail]);
    const held = this.pending.get(key);
    if (held) {
      held.repeats++;
      return;
    }
    this.audit.record(entry);
    if (this.pending.size >= MAX_PENDING) this.flush(this.pending.keys().next().value!);
    const timer = setTimeout(() => this.flush(key), COALESCE_MS);
    timer.unref();
    this.pending.set(key, { entry, repeats: 0, timer });
  }

  /** writes every count still open (at shutdown) */
  close(): void {
    for (const key of [...this.pending.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(key);
    if (p.repeats === 0) return;
    const again = `repeated ${p.repeats} more time${p.repeats === 1 ? '' : 's'} within ${COALESCE_MS / 1000} s`;
    this.audit.record({ ...p.entry, detail: p.entry.detail ? `${p.entry.detail} (${again})` : again });
  }
}
