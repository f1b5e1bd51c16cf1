/**
 * The kiosk session as a pure state machine: no clock, no timers; time comes in with each event.
 * wander: attract -> active -> ending -> resetting -> attract. direct: active -> ending -> resetting -> active.
 * States are never mutated; an event that changes nothing returns the very same state object.
 */
import type { SessionConfig } from './config.ts';
import { endingDeadline, visitDeadline } from './deadlines.ts';
import type { EndReason, SessionEvent, SessionPhase, SessionState, Transition } from './state.ts';

export { sessionConfigSchema, WANDER_MAX_SECONDS, type SessionConfig, type SessionMode } from './config.ts';
export type { EndReason, SessionEffect, SessionEvent, SessionPhase, SessionState, Transition } from './state.ts';
export { sessionView, type SessionView } from './view.ts';

export function initialSession(config: SessionConfig, t: number): SessionState {
  return config.mode === 'wander'
    ? { mode: 'wander', phase: 'attract', since: t, lastInput: t }
    : { mode: 'direct', phase: 'active', since: t, lastInput: t, startedAt: t };
}

/** Time first moves to e.t (a deadline that passed before the event still counts), then the event applies. */
export function reduceSession(state: SessionState, e: SessionEvent, config: SessionConfig): Transition {
  const before = settle({ state, effects: [] }, config, e.t);
  return settle(apply(before, e), config, e.t);
}

const none = (state: SessionState): Transition => ({ state, effects: [] });

function apply(tr: Transition, e: SessionEvent): Transition {
  const s = tr.state;
  const then = (next: Transition): Transition => ({ state: next.state, effects: [...tr.effects, ...next.effects] });
  switch (e.type) {
    case 'tick':
      return tr;
    case 'visitor-input':
      if (s.phase === 'attract') return then(none(begin(s, e.t)));
      // an input stamped earlier than the last one must not shorten the idle countdown
      if (s.phase === 'active' && e.t > s.lastInput) return then(none({ ...s, lastInput: e.t }));
      return tr;
    case 'operator-start':
      return s.phase === 'attract' ? then(none(begin(s, e.t))) : tr;
    case 'operator-reset':
      // nobody to say goodbye to in attract; a second reset during the goodbye skips the rest of it
      if (s.phase === 'active') return then(none(end(s, e.t, 'operator')));
      if (s.phase === 'attract') return then(resetWorld(s, e.t, 'operator'));
      if (s.phase === 'ending') return then(resetWorld(s, e.t, s.reason ?? 'operator'));
      return tr;
    case 'world-ready':
      return then(none(worldReady(s, e.t)));
    case 'model-failed':
      return s.degraded ? tr : then(none({ ...s, degraded: true }));
    case 'world-time':
      return then(none(worldTime(s, e.t, e.leftMs)));
  }
}

/** a world's own end moves the visit's end; small drifts of its clock are not state changes */
function worldTime(s: SessionState, t: number, leftMs: number | undefined): SessionState {
  if (s.phase !== 'active') return s;
  if (leftMs === undefined) {
    if (s.worldEndsAt === undefined) return s;
    const { worldEndsAt: _gone, ...rest } = s;
    return rest;
  }
  const at = t + leftMs;
  return s.worldEndsAt !== undefined && Math.abs(s.worldEndsAt - at) < 250 ? s : { ...s, worldEndsAt: at };
}

/** Deadlines passed by t, in order: a late tick or endingSeconds 0 can pass two at once. */
function settle(tr: Transition, c: SessionConfig, t: number): Transition {
  const s = tr.state;
  const visit = visitDeadline(s, c);
  if (visit && t >= visit.at) return settle({ state: end(s, t, visit.reason), effects: tr.effects }, c, t);
  const goodbye = endingDeadline(s, c);
  if (goodbye !== undefined && t >= goodbye) {
    const next = resetWorld(s, t, s.reason ?? 'operator');
    return { state: next.state, effects: [...tr.effects, ...next.effects] };
  }
  return tr;
}

function enter(s: SessionState, phase: SessionPhase, t: number): SessionState {
  return { ...s, phase, since: t };
}

function begin(s: SessionState, t: number): SessionState {
  const { reason: _reason, worldEndsAt: _worldEndsAt, ...rest } = s;
  return { ...enter(rest, 'active', t), startedAt: t, lastInput: t };
}

function end(s: SessionState, t: number, reason: EndReason): SessionState {
  return { ...enter(s, 'ending', t), reason };
}

function resetWorld(s: SessionState, t: number, reason: EndReason): Transition {
  return { state: { ...enter(s, 'resetting', t), reason }, effects: [{ type: 'reset-world' }] };
}

function worldReady(s: SessionState, t: number): SessionState {
  const { degraded: _degraded, ...healthy } = s;
  if (s.phase === 'resetting') {
    if (s.mode === 'direct') return begin(healthy, t);
    const { startedAt: _startedAt, reason: _reason, ...idle } = healthy;
    return { ...enter(idle, 'attract', t), lastInput: t };
  }
  if (!s.degraded) return s;
  // the visitor had nothing to respond to while the world was down: the idle countdown starts again
  return s.phase === 'active' ? { ...healthy, lastInput: Math.max(s.lastInput, t) } : healthy;
}
