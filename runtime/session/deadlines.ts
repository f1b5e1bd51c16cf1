import type { SessionConfig } from './config.ts';
import type { EndReason, SessionState } from './state.ts';

export interface Deadline {
  at: number;
  reason: EndReason;
}

/**
 * When an active visit ends on its own, and why; undefined when nothing will end it (a show without
 * maxSeconds). The idle countdown is paused while degraded: a visitor facing the fallback loop while the
 * model restarts has nothing to respond to.
 */
export function visitDeadline(s: SessionState, c: SessionConfig): Deadline | undefined {
  if (s.phase !== 'active') return undefined;
  const idle: Deadline | undefined =
    s.mode === 'wander' && !s.degraded ? { at: s.lastInput + c.idleSeconds * 1000, reason: 'idle' } : undefined;
  const max: Deadline | undefined =
    c.maxSeconds > 0 && s.startedAt !== undefined
      ? { at: s.startedAt + c.maxSeconds * 1000, reason: 'max-length' }
      : undefined;
  if (!idle || !max) return idle ?? max;
  return idle.at < max.at ? idle : max;
}

/** When the goodbye is over and the world is reset. */
export function endingDeadline(s: SessionState, c: SessionConfig): number | undefined {
  return s.phase === 'ending' ? s.since + c.endingSeconds * 1000 : undefined;
}
