/** Helpers for the session's tests: play a script of events and record what happened. */
import type { SessionConfig } from './config.ts';
import { initialSession, reduceSession } from './machine.ts';
import type { SessionEvent, SessionState } from './state.ts';

export const sec = (s: number): number => s * 1000;

export interface Played {
  state: SessionState;
  /** 'reset-world@<seconds>' for each effect */
  effects: string[];
  /** '<seconds> <phase>[ <reason>]' each time the phase changes */
  phases: string[];
}

/** Frozen states make any mutation by the reducer throw (ESM modules run in strict mode). */
export function play(config: SessionConfig, events: readonly SessionEvent[], from?: SessionState): Played {
  let state = Object.freeze(from ?? initialSession(config, 0));
  const effects: string[] = [];
  const phases: string[] = [];
  for (const e of events) {
    const next = reduceSession(state, e, config);
    effects.push(...next.effects.map((x) => `${x.type}@${e.t / 1000}`));
    if (next.state.phase !== state.phase)
      phases.push(
        `${e.t / 1000} ${next.state.phase}${next.state.reason && next.state.phase === 'ending' ? ` ${next.state.reason}` : ''}`,
      );
    state = Object.freeze(next.state);
  }
  return { state, effects, phases };
}

/** Events of one type every `every` seconds from `from` up to `to` (inclusive). */
export function every(
  type: Exclude<SessionEvent['type'], 'world-time'>,
  from: number,
  to: number,
  step: number,
): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (let s = from; s <= to + 1e-9; s += step) out.push({ type, t: sec(Math.round(s * 1000) / 1000) });
  return out;
}

/** Merges scripts by time; at the same t, earlier arguments come first. */
export function merge(...scripts: SessionEvent[][]): SessionEvent[] {
  return scripts
    .flatMap((s, i) => s.map((e, j) => ({ e, i, j })))
    .sort((a, b) => a.e.t - b.e.t || a.i - b.i || a.j - b.j)
    .map((x) => x.e);
}
