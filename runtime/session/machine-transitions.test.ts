import { describe, expect, it } from 'vitest';
import { initialSession } from './machine.ts';
import type { SessionEvent, SessionPhase, SessionState } from './state.ts';
import { play, sec } from './testing.ts';
import { configOf, direct, reach, wander, type Mode } from './machine-fixtures.ts';

type Expect = 'ignored' | { to: Partial<SessionState>; effects?: string[]; without?: (keyof SessionState)[] };

const cases: [Mode, SessionPhase, SessionEvent['type'], number, Expect][] = [
  [
    'wander',
    'attract',
    'visitor-input',
    5,
    { to: { phase: 'active', since: sec(5), startedAt: sec(5), lastInput: sec(5) } },
  ],
  [
    'wander',
    'attract',
    'operator-start',
    5,
    { to: { phase: 'active', since: sec(5), startedAt: sec(5), lastInput: sec(5) } },
  ],
  ['wander', 'attract', 'tick', 3600, 'ignored'],
  [
    'wander',
    'attract',
    'operator-reset',
    5,
    { to: { phase: 'resetting', since: sec(5), reason: 'operator' }, effects: ['reset-world@5'] },
  ],
  ['wander', 'attract', 'world-ready', 5, 'ignored'],
  ['wander', 'attract', 'model-failed', 5, { to: { phase: 'attract', since: 0, degraded: true } }],

  [
    'wander',
    'active',
    'visitor-input',
    5,
    { to: { phase: 'active', since: sec(1), startedAt: sec(1), lastInput: sec(5) } },
  ],
  ['wander', 'active', 'visitor-input', 0.5, 'ignored'], // stamped before the latest input
  ['wander', 'active', 'tick', 10.999, 'ignored'],
  ['wander', 'active', 'operator-start', 5, 'ignored'],
  [
    'wander',
    'active',
    'operator-reset',
    5,
    { to: { phase: 'ending', since: sec(5), reason: 'operator', startedAt: sec(1) } },
  ],
  ['wander', 'active', 'world-ready', 5, 'ignored'],
  [
    'wander',
    'active',
    'model-failed',
    5,
    { to: { phase: 'active', since: sec(1), lastInput: sec(1), degraded: true } },
  ],

  ['wander', 'ending', 'visitor-input', 3, 'ignored'],
  ['wander', 'ending', 'tick', 3.999, 'ignored'],
  ['wander', 'ending', 'operator-start', 3, 'ignored'],
  [
    'wander',
    'ending',
    'operator-reset',
    3,
    { to: { phase: 'resetting', since: sec(3), reason: 'operator' }, effects: ['reset-world@3'] },
  ],
  ['wander', 'ending', 'world-ready', 3, 'ignored'],
  ['wander', 'ending', 'model-failed', 3, { to: { phase: 'ending', since: sec(2), degraded: true } }],

  ['wander', 'resetting', 'visitor-input', 5, 'ignored'],
  ['wander', 'resetting', 'tick', 3600, 'ignored'],
  ['wander', 'resetting', 'operator-start', 5, 'ignored'],
  ['wander', 'resetting', 'operator-reset', 5, 'ignored'],
  [
    'wander',
    'resetting',
    'world-ready',
    5,
    { to: { phase: 'attract', since: sec(5), lastInput: sec(5) }, without: ['startedAt', 'reason', 'degraded'] },
  ],
  ['wander', 'resetting', 'model-failed', 5, { to: { phase: 'resetting', since: sec(4), degraded: true } }],

  ['direct', 'active', 'visitor-input', 5, { to: { phase: 'active', lastInput: sec(5) } }],
  ['direct', 'active', 'tick', 86_400, 'ignored'], // no idle timeout, no max length
  ['direct', 'active', 'operator-start', 5, 'ignored'],
  [
    'direct',
    'active',
    'operator-reset',
    5,
    { to: { phase: 'ending', since: sec(5), reason: 'operator', startedAt: 0 } },
  ],
  ['direct', 'active', 'world-ready', 5, 'ignored'],
  ['direct', 'active', 'model-failed', 5, { to: { phase: 'active', degraded: true } }],

  ['direct', 'ending', 'visitor-input', 2.5, 'ignored'],
  ['direct', 'ending', 'tick', 2.999, 'ignored'],
  ['direct', 'ending', 'operator-start', 2.5, 'ignored'],
  [
    'direct',
    'ending',
    'operator-reset',
    2.5,
    { to: { phase: 'resetting', since: sec(2.5) }, effects: ['reset-world@2.5'] },
  ],
  ['direct', 'ending', 'world-ready', 2.5, 'ignored'],
  ['direct', 'ending', 'model-failed', 2.5, { to: { phase: 'ending', degraded: true } }],

  ['direct', 'resetting', 'visitor-input', 5, 'ignored'],
  ['direct', 'resetting', 'tick', 3600, 'ignored'],
  ['direct', 'resetting', 'operator-start', 5, 'ignored'],
  ['direct', 'resetting', 'operator-reset', 5, 'ignored'],
  [
    'direct',
    'resetting',
    'world-ready',
    5,
    { to: { phase: 'active', since: sec(5), startedAt: sec(5), lastInput: sec(5) }, without: ['reason', 'degraded'] },
  ],
  ['direct', 'resetting', 'model-failed', 5, { to: { phase: 'resetting', degraded: true } }],
];

describe('session transitions: every phase x every event', () => {
  it.each(cases)('%s %s + %s at %d s', (mode, phase, type, t, want) => {
    const from = reach(mode, phase);
    const { state, effects } = play(configOf(mode), [{ type, t: sec(t) } as SessionEvent], from);
    if (want === 'ignored') {
      expect(state).toBe(from);
      expect(effects).toEqual([]);
      return;
    }
    expect(state).not.toBe(from);
    expect(state).toMatchObject({ mode, ...want.to });
    for (const key of want.without ?? []) expect(state).not.toHaveProperty(key);
    expect(effects).toEqual(want.effects ?? []);
  });

  it('starts wander in attract and direct in active', () => {
    expect(initialSession(wander, 7)).toEqual({ mode: 'wander', phase: 'attract', since: 7, lastInput: 7 });
    expect(initialSession(direct, 7)).toEqual({
      mode: 'direct',
      phase: 'active',
      since: 7,
      lastInput: 7,
      startedAt: 7,
    });
  });
});
