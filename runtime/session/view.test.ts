import { describe, expect, it } from 'vitest';
import { sessionConfigSchema } from './config.ts';
import { initialSession } from './machine.ts';
import { every, play, sec } from './testing.ts';
import { sessionView } from './view.ts';

const wander = sessionConfigSchema.parse({ idleSeconds: 10, maxSeconds: 60, endingSeconds: 2 });
const direct = sessionConfigSchema.parse({ mode: 'direct', endingSeconds: 2 });

describe('session view', () => {
  it('attract: the runtime flies and the page says press any key', () => {
    expect(sessionView(initialSession(wander, 0), wander, sec(100))).toEqual({
      autopilot: true,
      visitorControl: false,
      overlay: 'press-any-key',
    });
  });

  it('active (wander): the visitor steers; remaining counts down to the nearer of idle and max length', () => {
    const { state } = play(wander, [
      { type: 'visitor-input', t: 0 },
      { type: 'visitor-input', t: sec(3) },
    ]);
    expect(sessionView(state, wander, sec(5))).toEqual({
      autopilot: false,
      visitorControl: true,
      overlay: null,
      remainingSeconds: 8,
    });
    const late = play(wander, every('visitor-input', 5, 55, 5), state).state;
    expect(sessionView(late, wander, sec(56)).remainingSeconds).toBe(4); // max length at 60 s comes first
    expect(sessionView(late, wander, sec(70)).remainingSeconds).toBe(0); // never negative between ticks
  });

  it('active (wander, degraded): only max length counts down, the idle countdown is paused', () => {
    const { state } = play(wander, [
      { type: 'visitor-input', t: 0 },
      { type: 'model-failed', t: sec(1) },
    ]);
    expect(sessionView(state, wander, sec(20)).remainingSeconds).toBe(40);
  });

  it('active (direct, no max): no countdown at all', () => {
    expect(sessionView(initialSession(direct, 0), direct, sec(7200))).toEqual({
      autopilot: false,
      visitorControl: true,
      overlay: null,
    });
  });

  it('ending: thank you, nobody steers, the goodbye counts down; resetting keeps the thank you up', () => {
    const ending = play(wander, [
      { type: 'visitor-input', t: 0 },
      { type: 'operator-reset', t: sec(5) },
    ]).state;
    expect(sessionView(ending, wander, sec(5.5))).toEqual({
      autopilot: false,
      visitorControl: false,
      overlay: 'thank-you',
      remainingSeconds: 1.5,
    });
    const resetting = play(wander, [{ type: 'tick', t: sec(7) }], ending).state;
    expect(sessionView(resetting, wander, sec(8))).toEqual({
      autopilot: false,
      visitorControl: false,
      overlay: 'thank-you',
    });
  });

  it('direct ending and resetting look the same as in wander (set endingSeconds 0 to skip the goodbye)', () => {
    const ending = play(direct, [{ type: 'operator-reset', t: sec(5) }]).state;
    expect(sessionView(ending, direct, sec(6))).toEqual({
      autopilot: false,
      visitorControl: false,
      overlay: 'thank-you',
      remainingSeconds: 1,
    });
  });
});
