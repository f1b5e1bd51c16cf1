import { describe, expect, it } from 'vitest';
import { sessionConfigSchema } from './config.ts';
import { initialSession, reduceSession } from './machine.ts';
import type { SessionEvent, SessionPhase, SessionState } from './state.ts';
import { play, sec } from './testing.ts';

const wander = sessionConfigSchema.parse({ idleSeconds: 10, maxSeconds: 60, endingSeconds: 2 });
const direct = sessionConfigSchema.parse({ mode: 'direct', endingSeconds: 1 });
type Mode = 'wander' | 'direct';
const configOf = (m: Mode) => (m === 'wander' ? wander : direct);

/** Each phase reached through events: active from t=1 s, ending from 2 s, resetting from 4 s (wander) / 3 s (direct). */
function reach(mode: Mode, phase: SessionPhase): SessionState {
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

describe('session deadlines, at their boundaries', () => {
  const active = () => reach('wander', 'active'); // input at 1 s

  it('idle: still active 1 ms before idleSeconds, ending exactly at it', () => {
    expect(reduceSession(active(), { type: 'tick', t: sec(11) - 1 }, wander).state.phase).toBe('active');
    expect(reduceSession(active(), { type: 'tick', t: sec(11) }, wander).state).toMatchObject({
      phase: 'ending',
      since: sec(11),
      reason: 'idle',
    });
  });

  it('input pushes the idle deadline back', () => {
    const { state } = play(
      wander,
      [
        { type: 'visitor-input', t: sec(9) },
        { type: 'tick', t: sec(18.999) },
      ],
      active(),
    );
    expect(state.phase).toBe('active');
    expect(reduceSession(state, { type: 'tick', t: sec(19) }, wander).state).toMatchObject({
      phase: 'ending',
      reason: 'idle',
    });
  });

  it('max length: a visitor who never stops is ended exactly at maxSeconds after the start', () => {
    const script: SessionEvent[] = [];
    for (let s = 2; s <= 60; s += 2)
      script.push({ type: 'visitor-input', t: sec(s) }, { type: 'tick', t: sec(s) + 500 });
    script.push({ type: 'tick', t: sec(61) - 1 }, { type: 'tick', t: sec(61) }, { type: 'visitor-input', t: sec(62) });
    const { phases } = play(wander, script, active()); // started at 1 s
    expect(phases).toEqual(['61 ending max-length']);
  });

  it("a world with its own time (a service's travel) ends the visit when it runs out, before maxSeconds", () => {
    const script: SessionEvent[] = [];
    // the travel's clock: 20 s left at 2 s, drifting by 100 ms (no state change), then 5 s left at 20 s
    script.push({ type: 'world-time', t: sec(2), leftMs: sec(20) }, { type: 'visitor-input', t: sec(8) });
    script.push({ type: 'visitor-input', t: sec(10) }, { type: 'world-time', t: sec(10), leftMs: sec(12) - 100 });
    script.push({ type: 'visitor-input', t: sec(16) }, { type: 'world-time', t: sec(20), leftMs: sec(5) });
    script.push({ type: 'visitor-input', t: sec(24) }, { type: 'tick', t: sec(25) - 1 }, { type: 'tick', t: sec(25) });
    const { phases, state } = play(wander, script, active());
    expect(phases).toEqual(['25 ending world-ended']);
    expect(state.worldEndsAt).toBe(sec(25));
    // a world whose time is not known (the fallback took over) gives the visit back to the config's limits
    const fallback = play(wander, [{ type: 'world-time', t: sec(2), leftMs: sec(5) }], active());
    const back = reduceSession(fallback.state, { type: 'world-time', t: sec(3), leftMs: undefined }, wander).state;
    expect(back.worldEndsAt).toBeUndefined();
    expect(reduceSession(back, { type: 'tick', t: sec(8) }, wander).state.phase).toBe('active');
    // a new visit starts without the last one's world end
    expect(reach('wander', 'attract').worldEndsAt).toBeUndefined();
  });

  it('goodbye: ending lasts exactly endingSeconds, then asks for a new world once', () => {
    const ending = reach('wander', 'ending'); // since 2 s
    expect(reduceSession(ending, { type: 'tick', t: sec(4) - 1 }, wander).state).toBe(ending);
    const { state, effects } = play(
      wander,
      [
        { type: 'tick', t: sec(4) },
        { type: 'tick', t: sec(5) },
        { type: 'tick', t: sec(99) },
      ],
      ending,
    );
    expect(state).toMatchObject({ phase: 'resetting', since: sec(4), reason: 'operator' });
    expect(effects).toEqual(['reset-world@4']);
  });

  it('a show with an explicit maxSeconds ends on time; idleSeconds never applies to it', () => {
    const timed = sessionConfigSchema.parse({ mode: 'direct', maxSeconds: 30, idleSeconds: 1 });
    const show = initialSession(timed, 0);
    expect(reduceSession(show, { type: 'tick', t: sec(30) - 1 }, timed).state).toBe(show);
    expect(reduceSession(show, { type: 'tick', t: sec(30) }, timed).state).toMatchObject({
      phase: 'ending',
      reason: 'max-length',
    });
  });

  it('a late tick past both deadlines names the one that came first', () => {
    const c = sessionConfigSchema.parse({ idleSeconds: 10, maxSeconds: 12 });
    const walkedOff = play(c, [
      { type: 'visitor-input', t: 0 },
      { type: 'tick', t: sec(50) },
    ]).state;
    expect(walkedOff).toMatchObject({ phase: 'ending', reason: 'idle', since: sec(50) });
    const stayed = play(c, [
      { type: 'visitor-input', t: 0 },
      { type: 'visitor-input', t: sec(5) },
      { type: 'tick', t: sec(50) },
    ]).state;
    expect(stayed).toMatchObject({ phase: 'ending', reason: 'max-length' });
  });

  it('a deadline passed before an event counts first: a late key press does not rescue a visit', () => {
    const { state } = play(wander, [{ type: 'visitor-input', t: sec(11) }], active());
    expect(state).toMatchObject({ phase: 'ending', reason: 'idle', since: sec(11) });
  });

  it('endingSeconds 0: no goodbye, the world resets on the same event', () => {
    const quick = sessionConfigSchema.parse({ idleSeconds: 10, endingSeconds: 0 });
    const idle = play(quick, [
      { type: 'visitor-input', t: 0 },
      { type: 'tick', t: sec(10) },
    ]);
    expect(idle.state).toMatchObject({ phase: 'resetting', reason: 'idle' });
    expect(idle.effects).toEqual(['reset-world@10']);
    const show = sessionConfigSchema.parse({ mode: 'direct', endingSeconds: 0 });
    const cut = play(show, [{ type: 'operator-reset', t: sec(3) }]);
    expect(cut.state).toMatchObject({ phase: 'resetting', reason: 'operator' });
    expect(cut.effects).toEqual(['reset-world@3']);
  });
});

describe('session while the model restarts (degraded)', () => {
  it('pauses the idle countdown and restarts it when the world is back', () => {
    const { state, phases } = play(wander, [
      { type: 'visitor-input', t: sec(1) },
      { type: 'model-failed', t: sec(5) },
      { type: 'tick', t: sec(40) }, // idle deadline (11 s) long gone, but the visitor saw only the fallback
      { type: 'world-ready', t: sec(40) },
      { type: 'tick', t: sec(49.999) },
    ]);
    expect(phases).toEqual(['1 active']);
    expect(state).toMatchObject({ phase: 'active', lastInput: sec(40), startedAt: sec(1) });
    expect(state).not.toHaveProperty('degraded');
    expect(reduceSession(state, { type: 'tick', t: sec(50) }, wander).state).toMatchObject({
      phase: 'ending',
      reason: 'idle',
    });
  });

  it('still ends a visit at maxSeconds, so a crash-looping model cannot hold a visit forever', () => {
    const { state } = play(wander, [
      { type: 'visitor-input', t: 0 },
      { type: 'model-failed', t: sec(1) },
      { type: 'tick', t: sec(60) },
    ]);
    expect(state).toMatchObject({ phase: 'ending', reason: 'max-length', degraded: true });
  });

  it('a second failure changes nothing; a failure in resetting is cleared by the world-ready of the reset', () => {
    const failed = reduceSession(reach('wander', 'active'), { type: 'model-failed', t: sec(2) }, wander).state;
    expect(reduceSession(failed, { type: 'model-failed', t: sec(3) }, wander).state).toBe(failed);
    const resetting = reduceSession(reach('wander', 'resetting'), { type: 'model-failed', t: sec(5) }, wander).state;
    expect(reduceSession(resetting, { type: 'world-ready', t: sec(6) }, wander).state).toEqual({
      mode: 'wander',
      phase: 'attract',
      since: sec(6),
      lastInput: sec(6),
    });
  });

  it('a world-ready in attract only clears the flag', () => {
    const failed = reduceSession(reach('wander', 'attract'), { type: 'model-failed', t: sec(2) }, wander).state;
    expect(reduceSession(failed, { type: 'world-ready', t: sec(3) }, wander).state).toEqual({
      mode: 'wander',
      phase: 'attract',
      since: 0,
      lastInput: 0,
    });
  });
});
