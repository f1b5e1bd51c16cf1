import { describe, expect, it } from 'vitest';
import { sessionConfigSchema } from './config.ts';
import { initialSession, reduceSession } from './machine.ts';
import type { SessionEvent } from './state.ts';
import { play, sec } from './testing.ts';
import { reach, wander } from './machine-fixtures.ts';

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
