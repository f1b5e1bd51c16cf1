import { describe, expect, it } from 'vitest';
import { sessionConfigSchema } from './config.ts';
import type { SessionEvent } from './state.ts';
import { every, merge, play, sec } from './testing.ts';
import { sessionView } from './view.ts';

const at = (type: Exclude<SessionEvent['type'], 'world-time'>, s: number): SessionEvent => ({ type, t: sec(s) });

describe('a day at the museum (wander, shipped defaults: 45 s idle, 600 s visits, 4 s goodbye)', () => {
  const config = sessionConfigSchema.parse({});
  const script = merge(
    [
      at('world-ready', 0.5), // the first world comes up after opening
      // a child plays for a minute and walks off
      ...every('visitor-input', 60, 120, 2),
      at('world-ready', 172), // the new world after the goodbye (idle at 165, reset at 169)
      // a teenager who never lets go: ended at max length, keeps pressing through the goodbye and reset
      ...every('visitor-input', 200, 1000, 4),
      at('world-ready', 807),
      at('world-ready', 807.2), // the model keeper reports healthy too: ignored
      at('world-ready', 1051), // after the teenager finally leaves at 1000 (idle 1045, reset 1049)
      // the model crashes with nobody there
      at('model-failed', 1100),
      at('world-ready', 1110),
      // a visitor's world crashes mid-visit; they wait, then carry on once it is back
      ...every('visitor-input', 1200, 1230, 5),
      at('model-failed', 1231),
      at('world-ready', 1300),
      ...every('visitor-input', 1305, 1320, 5),
      at('world-ready', 1373), // idle 1365, reset 1369
      // a docent starts a demo from the console, ends it early, and skips the goodbye
      at('operator-start', 1400),
      ...every('visitor-input', 1405, 1455, 5),
      at('operator-reset', 1460),
      at('operator-reset', 1462),
      at('world-ready', 1465),
      // the operator refreshes the world while nobody is there
      at('operator-reset', 1500),
      at('visitor-input', 1501), // ignored: the world is being re-created
      at('world-ready', 1503),
    ],
    every('tick', 0, 1600, 0.25), // the model's steps
  );

  it('goes through every visit, reset and recovery as a technician expects', () => {
    const { state, phases, effects } = play(config, script);
    expect(phases).toEqual([
      '60 active',
      '165 ending idle',
      '169 resetting',
      '172 attract',
      '200 active',
      '800 ending max-length',
      '804 resetting',
      '807 attract',
      '808 active',
      '1045 ending idle',
      '1049 resetting',
      '1051 attract',
      '1200 active',
      '1365 ending idle',
      '1369 resetting',
      '1373 attract',
      '1400 active',
      '1460 ending operator',
      '1462 resetting',
      '1465 attract',
      '1500 resetting',
      '1503 attract',
    ]);
    expect(effects).toEqual([
      'reset-world@169',
      'reset-world@804',
      'reset-world@1049',
      'reset-world@1369',
      'reset-world@1462',
      'reset-world@1500',
    ]);
    expect(state).toEqual({ mode: 'wander', phase: 'attract', since: sec(1503), lastInput: sec(1503) });
    expect(sessionView(state, config, sec(1600)).overlay).toBe('press-any-key');
  });

  it('the crash in attract only flagged the session, and the mid-visit crash did not time the visitor out', () => {
    const upTo = (s: number) =>
      play(
        config,
        script.filter((e) => e.t <= sec(s)),
      ).state;
    expect(upTo(1105)).toMatchObject({ phase: 'attract', degraded: true });
    expect(upTo(1299)).toMatchObject({ phase: 'active', degraded: true, startedAt: sec(1200) });
    expect(upTo(1300)).not.toHaveProperty('degraded');
  });
});

describe('a night at the theatre (direct, no max length)', () => {
  it('runs two acts with an operator reset between them and never shows attract', () => {
    const config = sessionConfigSchema.parse({ mode: 'direct', endingSeconds: 2 });
    const script = merge(
      [
        ...every('visitor-input', 10, 2400, 30), // the performer steers now and then
        at('operator-start', 100), // ignored: the show is already live
        at('operator-reset', 2700), // interval
        at('world-ready', 2705),
        at('model-failed', 4000),
        at('world-ready', 4020),
        at('operator-reset', 6000), // curtain
        at('world-ready', 6004),
      ],
      every('tick', 0, 6100, 1),
    );
    const { state, phases, effects } = play(config, script);
    expect(phases).toEqual([
      '2700 ending operator',
      '2702 resetting',
      '2705 active',
      '6000 ending operator',
      '6002 resetting',
      '6004 active',
    ]);
    expect(effects).toEqual(['reset-world@2702', 'reset-world@6002']);
    expect(state).toEqual({
      mode: 'direct',
      phase: 'active',
      since: sec(6004),
      lastInput: sec(6004),
      startedAt: sec(6004),
    });
  });
});
