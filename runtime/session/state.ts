import type { SessionMode } from './config.ts';

export type SessionPhase = 'attract' | 'active' | 'ending' | 'resetting';
export type EndReason = 'idle' | 'max-length' | 'operator';

export interface SessionState {
  readonly mode: SessionMode;
  readonly phase: SessionPhase;
  /** t when this phase began */
  readonly since: number;
  /** t of the latest visitor input (or of the start of the visit) */
  readonly lastInput: number;
  /** t the visit or show began; kept through ending and resetting */
  readonly startedAt?: number;
  /** why the visit ended; set in ending and resetting only */
  readonly reason?: EndReason;
  /** the model failed and the runtime is re-creating the world: displays show their fallback */
  readonly degraded?: boolean;
}

export type SessionEvent =
  | { type: 'visitor-input'; t: number }
  | { type: 'tick'; t: number }
  | { type: 'operator-start'; t: number }
  | { type: 'operator-reset'; t: number }
  | { type: 'world-ready'; t: number }
  | { type: 'model-failed'; t: number };

/** reset-world: re-create the world (new seed, new model session), then send world-ready */
export type SessionEffect = { type: 'reset-world' };

export interface Transition {
  state: SessionState;
  effects: SessionEffect[];
}
