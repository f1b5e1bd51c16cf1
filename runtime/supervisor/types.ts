import { DEFAULT_JITTER } from '../core/retrier.ts';
import type { DeviceInfo } from '../core/driver.ts';
import type { Logger } from '../core/log.ts';
import type { DriverState } from '../core/signals.ts';

export interface SupervisorOptions {
  log: Logger;
  /** first wait before a retry (500); doubles on each failure */
  initialBackoffMs?: number;
  /** the longest wait between retries (30000) */
  maxBackoffMs?: number;
  /** a driver's close() that takes longer is abandoned (2000) */
  closeDeadlineMs?: number;
  /** discover() and open() that take longer count as a failed attempt (10000) */
  openDeadlineMs?: number;
  /** how long a device must stay open before its backoff starts again from initialBackoffMs (10000) */
  stableOpenMs?: number;
  /** each wait is spread by up to this fraction either way (0.2), so devices lost together do not retry together */
  backoffJitter?: number;
}

export type Timing = Required<Omit<SupervisorOptions, 'log'>>;

/**
 * 'waiting': no matching device was found, a retry is scheduled. 'lost': a device was found but failed to
 * open or went away, a retry is scheduled. The driver states otherwise.
 */
export type DeviceState = DriverState | 'waiting';

/** One configured device, for /api/status and the console. */
export interface DeviceStatus {
  id: string;
  kind: string;
  state: DeviceState;
  /** the device attached now, or the one that was lost */
  device?: DeviceInfo;
  /** why it is not open */
  error?: string;
  /** attempts since it was last open */
  attempts: number;
  /** the wait scheduled before the next attempt (while 'waiting' or 'lost') */
  retryInMs?: number;
  /** signals forwarded since start */
  signals: number;
  /** what its drivers counted since start (OSC: packets, malformed, limited, scheduled, dropped ...) */
  counters?: Record<string, number>;
}

const DEFAULTS: Timing = {
  initialBackoffMs: 500,
  maxBackoffMs: 30_000,
  closeDeadlineMs: 2000,
  openDeadlineMs: 10_000,
  stableOpenMs: 10_000,
  backoffJitter: DEFAULT_JITTER,
};

export function resolveTiming(o: SupervisorOptions): Timing {
  const t: Timing = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Timing)[]) {
    const v = o[key];
    if (v === undefined) continue;
    if (key === 'backoffJitter') {
      if (!(v >= 0 && v < 1)) throw new Error(`supervisor option backoffJitter must be a fraction in [0, 1), got ${v}`);
      t[key] = v;
      continue;
    }
    if (!Number.isFinite(v) || v <= 0)
      throw new Error(`supervisor option ${key} must be a positive number of milliseconds, got ${v}`);
    t[key] = v;
  }
  if (t.maxBackoffMs < t.initialBackoffMs) {
    throw new Error(
      `supervisor option maxBackoffMs (${t.maxBackoffMs}) must not be below initialBackoffMs (${t.initialBackoffMs})`,
    );
  }
  return t;
}
