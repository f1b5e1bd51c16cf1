import type { SessionMode } from './config.ts';

export type SessionPhase = 'attract' | 'active' | 'ending' | 'resetting';
/** world-ended: the world's own time ran out (a HappyOyster travel's budget) */
export type EndReason = 'idle' | 'max-length' | 'operator' | 'world-ended';

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
  /** active: t at which the world itself ends (a service's travel budget), where it says so */
  readonly worldEndsAt?: number;
}

export type SessionEvent =
  | { type: 'visitor-input'; t: number }
  | { type: 'tick'; t: number }
  | { type: 'operator-start'; t: number }
  | { type: 'operator-reset'; t: number }
  | { type: 'world-ready'; t: number }
  | { type: 'model-failed'; t: number }
  /** the world's time left (ms) at t; undefined: it runs as long as the visit */
  | { type: 'world-time'; t: number; leftMs: number | undefined };

/** reset-world: re-create the world (new seed, new model session), then send world-ready */
export type SessionEffect = { type: 'reset-world' };

export interface Transition {
  state: SessionState;
  effects: SessionEffect[];
}
