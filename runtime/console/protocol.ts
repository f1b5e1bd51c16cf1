import type { BackendStatus } from '../core/world-model.ts';
/** Socket.IO namespace /console: typed events both ways (the operator console). */
import type { Conditions } from '../core/signals.ts';

export interface InstructionEntry {
  at: string;
  text: string;
  accepted: boolean;
  effect: string;
  /** who asked, when not the operator: "phone 17, approved", "vote 2: 9 of 14 phone(s)" */
  from?: string;
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
  /** visitors' phones, when the exhibit lets them join */
  phones?: import('../phones/protocol.ts').PhonesStatus;
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
}

export interface ServerToConsole {
  status: (s: StatusReport) => void;
  preview: (meta: { width: number; height: number }, rgba: ArrayBuffer) => void;
  /** a camera's picture: only for cameras whose config says showOnConsole */
  camera: (meta: { id: string; width: number; height: number }, rgba: ArrayBuffer) => void;
  instruction: (e: InstructionEntry) => void;
  history: (entries: InstructionEntry[]) => void;
}
