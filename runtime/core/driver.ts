import type { ZodType } from 'zod';
import type { Logger } from './log.ts';
import type { DriverState, Signal, Value } from './signals.ts';

/** One device as found on this machine; `id` is its stable identity (serial number, by-id path, VID:PID+port), never ttyUSBn. */
export interface DeviceInfo {
  id: string;
  /** what to open (a path, an address) */
  path: string;
  label?: string;
}

/**
 * A device's driver (DESIGN.md section 3): it reports, it never reconnects by itself. `close()` is idempotent
 * and frees every timer. A device that goes away reports 'lost' (with the error); the Supervisor decides what next.
 */
export interface Driver {
  readonly id: string;
  readonly state: DriverState;
  open(abort: AbortSignal): Promise<void>;
  close(): Promise<void>;
  onSignal(fn: (s: Signal) => void): () => void;
  onState(fn: (s: DriverState, err?: Error) => void): () => void;
  /** LEDs, relays, feedback to a controller */
  write?(channel: string, value: Value): Promise<void>;
  /** what it counted (packets, malformed, dropped ...), for /api/status and /metrics */
  readonly counters?: Readonly<Record<string, number>>;
}

/** What the runtime may do with a kind of device beyond reading its signals; declared by its factory. */
export interface DriverCapabilities {
  /** input from it means someone is at the controls (a pad's stick off its rest): it wakes the kiosk */
  wakesOnInput?: boolean;
  /** its signals may carry exhibit commands (Nacre's OSC dictionary: /nacre/...) */
  exhibitCommands?: boolean;
  /** channels the runtime writes to command it (a camera's 'snapshot') */
  commands?: readonly string[];
}

/** One line of `nacre doctor`: ok, a failure an integrator must fix, or information. */
export interface DoctorCheck {
  ok: boolean | 'info';
  what: string;
}

/** Where a signal came from, as the supervisor hands it on: the device's kind and what that kind can do. */
export interface SignalOrigin {
  kind: string;
  capabilities: DriverCapabilities;
}

/** How a kind of device is configured, found and opened. `C` always has an `id` (the configured device's name). */
export interface DriverFactory<C extends { id: string }> {
  kind: string;
  schema: ZodType<C>;
  capabilities?: DriverCapabilities;
  /** what `nacre doctor` should say about this kind of device on this machine (present, permissions, tools) */
  doctor?(): Promise<DoctorCheck[]>;
  /** the devices present now that match the configured identity (first one is used) */
  discover(c: C): Promise<DeviceInfo[]>;
  create(c: C, d: DeviceInfo, log: Logger): Driver;
  /**
   * Optional hot-plug hint: calls `changed` when devices may have come or gone (a udev/inotify event), so a
   * waiting device is looked for at once instead of at its next backoff retry. Returns the unsubscribe.
   */
  watch?(changed: () => void): () => void;
}

/**
 * The device went away (a cable pulled, a port closed under us, a peer gone): every driver reports its loss
 * with this error, flagged `disconnected` as node-serialport flags its own, so the supervisor and the
 * console can tell a loss from a failure to open.
 */
export class DisconnectedError extends Error {
  readonly disconnected = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DisconnectedError';
  }
}
