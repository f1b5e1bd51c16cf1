import { describe, expect, it } from 'vitest';
import { ConditionStore } from './store.ts';

const jump = { from: { source: 'browser:*', channel: 'key:Space' }, to: 'actions.jump' } as const;
const press = (s: ConditionStore, down: boolean, source = 'browser:a') =>
  s.ingest({ source, channel: 'key:Space', value: down, t: 0 });

describe('ConditionStore: tap latch', () => {
  it('a tap released before the step is seen in exactly one snapshot-then-consume cycle', () => {
    const s = new ConditionStore({ mappings: [jump] });
    press(s, true);
    press(s, false);
    expect(s.snapshot().actions.jump).toBe(true);
    expect(s.snapshot().actions.jump).toBe(true);
    s.consume();
    expect(s.snapshot().actions.jump).toBe(false);
  });

  it('a held key stays true after consume and ends on release', () => {
    const s = new ConditionStore({ mappings: [jump] });
    press(s, true);
    s.snapshot();
    s.consume();
    expect(s.snapshot().actions.jump).toBe(true);
    s.consume();
    press(s, false);
    expect(s.snapshot().actions.jump).toBe(false);
  });

  it('latches each new press, and a second source pressing while one holds is no new tap', () => {
    const s = new ConditionStore({ mappings: [jump] });
    press(s, true, 'browser:a');
    press(s, true, 'browser:b');
    press(s, false, 'browser:a');
    s.consume();
    press(s, false, 'browser:b');
    expect(s.snapshot().actions.jump).toBe(false);
    press(s, true);
    press(s, false);
    expect(s.snapshot().actions.jump).toBe(true);
  });

  it('latches an operator override tap too', () => {
    const s = new ConditionStore({ mappings: [] });
    s.override('actions.wave', true, 'operator');
    s.override('actions.wave', undefined, 'operator');
    expect(s.snapshot().actions).toEqual({ wave: true });
    s.consume();
    // a verb only an override named is not listed once released and consumed (issue 16: no unbounded verbs)
    expect(s.snapshot().actions).toEqual({});
  });

  it('a fallback of true is held, not a tap', () => {
    const s = new ConditionStore({ mappings: [jump], fallbacks: { 'actions.jump': true } });
    press(s, false);
    expect(s.snapshot().actions.jump).toBe(false);
  });
});
