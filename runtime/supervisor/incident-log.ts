import type { Logger } from '../core/log.ts';

/**
 * Logs each distinct failure of one device once per incident, and its recovery. An incident ends when the
 * device has stayed open (settled()): a device unplugged for an hour logs one line, not one per retry.
 */
export class IncidentLog {
  private readonly seen = new Set<string>();
  private unresolved = false;
  private everOpen = false;

  constructor(private readonly log: Logger) {}

  failed(message: string, fields: Record<string, unknown> = {}, level: 'warn' | 'error' = 'warn'): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    this.unresolved = true;
    this.log[level](fields, message);
  }

  opened(fields: Record<string, unknown>): void {
    if (this.unresolved) this.log.info(fields, 'device back');
    else if (!this.everOpen) this.log.info(fields, 'device open');
    this.everOpen = true;
    this.unresolved = false;
  }

  settled(): void {
    this.seen.clear();
  }
}
