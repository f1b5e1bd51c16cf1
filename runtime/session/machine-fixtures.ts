/** Fixtures shared by the session machine's tests (machine-*.test.ts): two configs and each phase reached by events. */
import { expect } from 'vitest';
import { sessionConfigSchema } from './config.ts';
import type { SessionEvent, SessionPhase, SessionState } from './state.ts';
import { play, sec } from './testing.ts';

export const wander = sessionConfigSchema.parse({ idleSeconds: 10, maxSeconds: 60, endingSeconds: 2 });
export const direct = sessionConfigSchema.parse({ mode: 'direct', endingSeconds: 1 });
export type Mode = 'wander' | 'direct';
export const configOf = (m: Mode) => (m === 'wander' ? wander : direct);

/** Each phase reached through events: active from t=1 s, ending from 2 s, resetting from 4 s (wander) / 3 s (direct). */
export function reach(mode: Mode, phase: SessionPhase): SessionState {
  const w = mode === 'wander';
  const script: SessionEvent[] = w ? [{ type: 'visitor-input', t: sec(1) }] : [];
  if (phase === 'attract' || (phase === 'active' && w))
    return play(configOf(mode), phase === 'active' ? script : []).state;
  if (phase === 'active') return play(direct, []).state;
  script.push({ type: 'operator-reset', t: sec(2) });
  if (phase === 'resetting') script.push({ type: 'tick', t: sec(w ? 4 : 3) });
  const state = play(configOf(mode), script).state;
  expect(state.phase).toBe(phase);
  return state;
}
