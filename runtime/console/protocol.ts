import type { BackendStatus } from '../core/world-model.ts';
/** Socket.IO namespace /console: typed events both ways (the operator console). */
import type { Conditions } from '../core/signals.ts';

export interface InstructionEntry {
  at: string;
  text: string;
  accepted: boolean;
  effect: string;
}

export interface StatusReport {
  drivers: { id: string; kind: string; state: string; detail?: string }[];
  session: {
    mode: string;
    phase: string;
    since: number;
    remainingSeconds?: number;
    overlay: string | null;
    degraded?: boolean;
  };
  conditions: Conditions;
  model: {
    name: string;
    state: 'starting' | 'running' | 'restarting';
    stepsPerSecond: number;
    stepMs: number;
    runMs: number;
    steps: number;
    restarts: number;
    style?: string;
    lastError?: string;
    /** where the model runs: backend, provider or server, sequence, round trip */
    backend?: BackendStatus;
  };
  outputs: { id: string; kind: string; state: string; clients?: number; presented: number; dropped: number }[];
  blackout: boolean;
  /** cameras that can start a world from their picture */
  cameras: string[];
}

export type InstructAck = { ok: true; entry: InstructionEntry } | { ok: false; error: string };

export interface ConsoleToServer {
  'session:start': () => void;
  'session:reset': () => void;
  blackout: (on: boolean) => void;
  /** a new world from a camera's picture (the first camera when none is named) */
  snapshot: (camera: string | undefined, ack: (a: { ok: boolean; error?: string }) => void) => void;
  instruct: (text: string, ack: (a: InstructAck) => void) => void;
  input: (i: import('../core/display-protocol.ts').PageInput) => void;
  /** admin only: the accounts beside the first admin */
  'accounts:list': (ack: (a: AccountsAck) => void) => void;
  'accounts:set': (a: { name: string; role: string; password: string }, ack: (a: AccountsAck) => void) => void;
  'accounts:remove': (name: string, ack: (a: AccountsAck) => void) => void;
}

export interface AccountsAck {
  ok: boolean;
  error?: string;
  accounts?: { name: string; role: string; created: string }[];
}

/** one line of the audit log: who did what, when (runtime/accounts/audit.ts) */
export interface AuditLine {
  at: string;
  user: string;
  role?: string;
  address?: string;
  action: string;
  detail?: string;
}

export interface ServerToConsole {
  status: (s: StatusReport) => void;
  preview: (meta: { width: number; height: number }, rgba: ArrayBuffer) => void;
  /** a camera's picture: only for cameras whose config says showOnConsole */
  camera: (meta: { id: string; width: number; height: number }, rgba: ArrayBuffer) => void;
  instruction: (e: InstructionEntry) => void;
  history: (entries: InstructionEntry[]) => void;
  /** who this console is logged in as; the page reconnects with the token until it expires */
  session: (s: { user: string; role: string; token: string; expiresAt: number }) => void;
  audit: (e: AuditLine) => void;
  'audit:history': (entries: AuditLine[]) => void;
  /** the display key, for operators and admins: /display/<id>?key=... on projector PCs (README "Security") */
  'display-key': (key: string) => void;
  /** the session ended (expired): log in again */
  expired: () => void;
}
