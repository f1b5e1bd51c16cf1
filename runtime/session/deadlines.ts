import type { SessionConfig } from './config.ts';
import type { EndReason, SessionState } from './state.ts';

export interface Deadline {
  at: number;
  reason: EndReason;
}

/**
 * When an active visit ends on its own, and why; undefined when nothing will end it (a show without
 * maxSeconds and a world that does not end by itself). The idle countdown is paused while degraded: a visitor facing the fallback loop while the
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
  const world: Deadline | undefined =
    s.worldEndsAt !== undefined ? { at: s.worldEndsAt, reason: 'world-ended' } : undefined;
  return [idle, max, world].reduce<Deadline | undefined>((a, b) => (!a || (b && b.at < a.at) ? b : a), undefined);
}

/** When the goodbye is over and the world is reset. */
export function endingDeadline(s: SessionState, c: SessionConfig): number | undefined {
  return s.phase === 'ending' ? s.since + c.endingSeconds * 1000 : undefined;
}
