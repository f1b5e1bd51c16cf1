import { z } from 'zod';
import type { SessionState } from '../session/state.ts';

/**
 * Where the kiosk was when its checkpoint was taken: the session's phase with its times as "ms before the
 * save" (performance.now() does not survive a restart), and the show's standby cue. The clock stops while the
 * kiosk is down: a visit saved with 40 s left comes back with 40 s left, its idle countdown too (nobody could
 * use the visit while the kiosk was dark). A reset under way is not kept: the kiosk starts afresh.
 */
export const positionSchema = z.object({
  mode: z.enum(['wander', 'direct']),
  phase: z.enum(['attract', 'active', 'ending']),
  sinceMs: z.number().nonnegative().max(1e12),
  lastInputMs: z.number().min(-1e12).max(1e12),
  startedMs: z.number().min(-1e12).max(1e12).optional(),
  /** active: ms after the save at which the world itself ends */
  worldEndsInMs: z.number().min(-1e12).max(1e12).optional(),
  reason: z.enum(['idle', 'max-length', 'operator', 'world-ended']).optional(),
  /** the show's standby cue; null: past the last cue */
  standby: z.string().max(200).nullable().optional(),
});

export type SessionPosition = z.infer<typeof positionSchema>;

/** the position of `state` at `now` (performance.now()), with the show's standby cue where there is a show */
export function positionOf(state: SessionState, now: number, standby?: string | null): SessionPosition {
  if (state.phase === 'resetting') return { ...attractAt(state), ...(standby !== undefined && { standby }) };
  return {
    mode: state.mode,
    phase: state.phase,
    sinceMs: Math.max(0, now - state.since),
    lastInputMs: now - state.lastInput,
    ...(state.startedAt !== undefined && { startedMs: now - state.startedAt }),
    ...(state.worldEndsAt !== undefined && { worldEndsInMs: state.worldEndsAt - now }),
    ...(state.reason && { reason: state.reason }),
    ...(standby !== undefined && { standby }),
  };
}

/** a reset under way: the session starts afresh (the show's standby is kept) */
function attractAt(state: SessionState): SessionPosition {
  return {
    mode: state.mode,
    phase: state.mode === 'wander' ? 'attract' : 'active',
    sinceMs: 0,
    lastInputMs: 0,
    startedMs: 0,
  };
}

/** the session state at `now` that stands where `p` stood when it was saved; undefined for another mode */
export function stateAt(p: SessionPosition, mode: SessionState['mode'], now: number): SessionState | undefined {
  if (p.mode !== mode || (mode === 'direct' && p.phase === 'attract')) return undefined;
  return {
    mode,
    phase: p.phase,
    since: now - p.sinceMs,
    lastInput: now - p.lastInputMs,
    ...(p.startedMs !== undefined && p.phase !== 'attract' && { startedAt: now - p.startedMs }),
    ...(p.worldEndsInMs !== undefined && p.phase === 'active' && { worldEndsAt: now + p.worldEndsInMs }),
    ...(p.reason && p.phase === 'ending' && { reason: p.reason }),
  };
}

/** the running session and show, as the checkpointer saves and restores their position */
export function positionKeeper(
  session: { readonly now: SessionState; restore(s: SessionState): void },
  show: { standby(): string | null; restoreStandby(n: string): void } | undefined,
) {
  return {
    save: () => positionOf(session.now, performance.now(), show?.standby()),
    restore: (p: SessionPosition) => {
      const state = stateAt(p, session.now.mode, performance.now());
      if (state) session.restore(state);
      if (p.standby) show?.restoreStandby(p.standby);
    },
  };
}
