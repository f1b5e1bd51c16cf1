import type { AuditEntry as AuditLine } from '../accounts/audit.ts';
import type { CheckpointStatus } from '../checkpoint/checkpointer.ts';
import type { BackendStatus, TransportStatus } from '../core/world-model.ts';
/** Socket.IO namespace /console: typed events both ways (the operator console). */
import type { Conditions } from '../core/signals.ts';
import type { SaveResult, ShowDraft, ShowEdit } from '../show/editor.ts';

export interface InstructionEntry {
  at: string;
  text: string;
  accepted: boolean;
  effect: string;
  /** who asked, when not the operator: "phone 17, approved", "vote 2: 9 of 14 phone(s)" */
  from?: string;
}

export interface StatusReport {
  drivers: { id: string; kind: string; state: string; detail?: string; counters?: Record<string, number> }[];
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
    state: 'starting' | 'running' | 'restarting' | 'unloaded';
    stepsPerSecond: number;
    stepMs: number;
    runMs: number;
    steps: number;
    restarts: number;
    style?: string;
    lastError?: string;
    /** where the model runs: backend, provider or server, sequence, round trip */
    backend?: BackendStatus;
    /** bringing the model up: loading (the backend's step, how far where known), opening its world, ready, failed */
    load?: import('../loop/load-progress.ts').LoadProgressView;
  };
  outputs: {
    id: string;
    kind: string;
    state: string;
    clients?: number;
    presented: number;
    dropped: number;
    audioDropped?: number;
    /** displays: how frames travel, their mean size and encode time, what the page reported of its screen */
    transport?: string;
    meanBytes?: number;
    encodeMs?: number;
    screen?: import('../core/display-protocol.ts').PageScreen;
  }[];
  blackout: boolean;
  /** pause, resume and rewind: what the running world allows now */
  transport: TransportStatus;
  /** the worlds saved by name (the runtime's transport), for recall */
  bookmarks?: string[];
  /** the show's cue list, its standby cue and running cues, where the exhibit has a show file */
  show?: import('../show/status.ts').ShowStatus;
  /** opening hours, where the exhibit has a schedule */
  schedule?: import('../schedule/opening.ts').ScheduleStatus;
  /** input recording and replay */
  rehearsal?: { recording?: string; replaying?: string; last?: string };
  /** cameras that can start a world from their picture */
  cameras: string[];
  /** crash-resume: checkpoints written, the last one, the world this runtime came back in */
  checkpoint?: CheckpointStatus;
  /** visitors' phones, when the exhibit lets them join */
  phones?: import('../phones/protocol.ts').PhonesStatus;
  /** the speakers' level, mutes and test tone, where the exhibit has speakers */
  speakers?: import('../../displays/speaker/output.ts').SpeakerView[];
  /** config hot reload: the file, reloads and refusals, the last one, what needs a restart */
  config?: import('../config-reload/status.ts').ConfigStatus;
}

/** one display's set-up as the console's projection panel shows it (runtime/projection.ts) */
export interface ProjectionView {
  id: string;
  mapping: import('../core/display-protocol.ts').ProjectionMapping;
  calibrated: boolean;
  pattern: import('../core/display-protocol.ts').TestPattern | null;
  region?: { x: number; y: number; width: number; height: number };
  screen?: import('../core/display-protocol.ts').PageScreen;
  output?: string;
}

export type Ack = (a: { ok: boolean; error?: string }) => void;

export type InstructAck = { ok: true; entry: InstructionEntry } | { ok: false; error: string };

export interface ConsoleToServer {
  'session:start': () => void;
  'session:reset': () => void;
  blackout: (on: boolean) => void;
  /** a new world from a camera's picture (the first camera when none is named) */
  snapshot: (camera: string | undefined, ack: (a: { ok: boolean; error?: string }) => void) => void;
  instruct: (text: string, ack: (a: InstructAck) => void) => void;
  /** pause, resume, or rewind by `seconds`; the answer is also in the instruction log */
  transport: (action: 'pause' | 'resume' | 'rewind', seconds: number | undefined) => void;
  input: (i: import('../core/display-protocol.ts').PageInput) => void;
  /** a display's new mapping: its pages follow at once, and it is saved in the state folder */
  'projection:set': (id: string, mapping: import('../core/display-protocol.ts').ProjectionMapping, ack: Ack) => void;
  'projection:pattern': (
    id: string,
    pattern: import('../core/display-protocol.ts').TestPattern | null,
    ack: Ack,
  ) => void;
  /** back to the config's mapping */
  'projection:reset': (id: string, ack: Ack) => void;
  /** admin only: the accounts beside the first admin */
  'accounts:list': (ack: (a: AccountsAck) => void) => void;
  /** adds an account or sets its password and role; your own account needs `confirm` */
  'accounts:set': (
    a: { name: string; role: string; password: string; confirm?: boolean },
    ack: (a: AccountsAck) => void,
  ) => void;
  /** a new role, the password unchanged */
  'accounts:role': (a: { name: string; role: string; confirm?: boolean }, ack: (a: AccountsAck) => void) => void;
  'accounts:remove': (name: string | { name: string; confirm?: boolean }, ack: (a: AccountsAck) => void) => void;
  /** save the running world under a name / put a saved one back; the answer is in the instruction log */
  bookmark: (name: string) => void;
  /** the show: GO the standby cue, start or stop one cue (stop without a number: all), panic */
  cue: (verb: 'go' | 'start' | 'stop' | 'panic', number?: string) => void;
  /** opening hours: open now / close now, until the next scheduled change */
  schedule: (verb: 'open' | 'close') => void;
  /** record input (a fresh world from a new seed), stop, or replay the last recording */
  rehearsal: (verb: 'record' | 'stop' | 'replay') => void;
  recall: (name: string) => void;
  /** the show file's cues for the editor (any role); the draft's hash names the version a save must find */
  'show:open': (ack: (a: { ok: true; draft: ShowDraft } | { ok: false; error: string }) => void) => void;
  /** operators: one cue changed, added or deleted; refused with errors by field, or when the file changed */
  'show:save': (hash: string, edit: ShowEdit, ack: (a: SaveResult) => void) => void;
  /** a speaker's level, a mute or a test tone (operators); the answer says what the speaker is now */
  speaker: (
    id: string,
    change: import('../../displays/speaker/output.ts').SpeakerChange,
    ack: (a: { ok: boolean; error?: string; speaker?: import('../../displays/speaker/output.ts').SpeakerView }) => void,
  ) => void;
}

export interface AccountsAck {
  ok: boolean;
  error?: string;
  accounts?: { name: string; role: string; created: string }[];
  /** with the list: the shortest password the server takes */
  passwordMinLength?: number;
  /** refused until confirmed: the change is to your own account */
  confirm?: boolean;
}

/** one line of the audit log: who did what, when */
export type { AuditEntry as AuditLine } from '../accounts/audit.ts';

export interface ServerToConsole {
  status: (s: StatusReport) => void;
  preview: (meta: { width: number; height: number }, rgba: ArrayBuffer) => void;
  /** the preview of a world a display page hosts (HappyOyster), captured from its video by that page */
  'preview-jpeg': (meta: { width: number; height: number }, jpeg: ArrayBuffer) => void;
  /** a camera's picture: only for cameras whose config says showOnConsole */
  camera: (meta: { id: string; width: number; height: number }, rgba: ArrayBuffer) => void;
  instruction: (e: InstructionEntry) => void;
  history: (entries: InstructionEntry[]) => void;
  /** every display's set-up, on connect and on every change */
  projection: (views: ProjectionView[]) => void;
  /** who this console is logged in as; the page reconnects with the token until it expires */
  session: (s: { user: string; role: string; token: string; expiresAt: number }) => void;
  audit: (e: AuditLine) => void;
  'audit:history': (entries: AuditLine[]) => void;
  /** the display key, for operators and admins: /display/<id>?key=... on projector PCs (README "Security") */
  'display-key': (key: string) => void;
  /** admins only: an account was added, changed or removed (list them again) */
  'accounts:changed': () => void;
  /** the session ended (expired): log in again */
  expired: () => void;
  /** the last minutes of operation, one sample a second (on login), then each new sample */
  'metrics:history': (samples: import('../operations/metrics-history.ts').MetricsSample[]) => void;
  metrics: (sample: import('../operations/metrics-history.ts').MetricsSample) => void;
  /** the log's last lines, info and above, secrets censored (on login), then each new line */
  'log:history': (lines: import('../operations/log-tail.ts').LogLine[]) => void;
  log: (line: import('../operations/log-tail.ts').LogLine) => void;
}
