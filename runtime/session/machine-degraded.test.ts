import { describe, expect, it } from 'vitest';
import { reduceSession } from './machine.ts';
import { play, sec } from './testing.ts';
import { reach, wander } from './machine-fixtures.ts';

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
