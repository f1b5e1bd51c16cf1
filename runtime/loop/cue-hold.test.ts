import { expect, it } from 'vitest';
import { ConditionStore } from '../mapping/store.ts';
import { autopilot } from './autopilot.ts';
import { holdCues } from './cue-hold.ts';
import { neutralConditions } from '../core/signals.ts';

const visitorMove = {
  from: { source: 'pad', channel: 'stick' },
  to: 'move',
  priority: 'visitor',
} as const;

it('nothing held above the visitors: the base conditions pass unchanged', () => {
  const store = new ConditionStore({ mappings: [visitorMove] });
  store.ingest({ source: 'pad', channel: 'stick', value: [1, 1], t: 0 });
  const base = autopilot(3);
  expect(holdCues(base, store)).toBe(base);
});

it('a cue holds its slots over the autopilot; the autopilot keeps the rest', () => {
  const store = new ConditionStore({ mappings: [] });
  store.override('move', [0, 1], 'cue');
  store.override('actions.jump', true, 'cue');
  const base = autopilot(3);
  const c = holdCues(base, store);
  expect(c.move).toEqual([0, 1]);
  expect(c.look).toEqual(base.look);
  expect(c.actions).toEqual({ fly: true, jump: true });
  store.override('move', undefined, 'cue');
  store.override('actions.jump', undefined, 'cue');
  expect(holdCues(base, store)).toBe(base);
});

it('an operator override and a cued style hold over a still world too', () => {
  const store = new ConditionStore({ mappings: [] });
  store.override('look.yaw', 0.5, 'operator');
  store.override('style', 'night', 'cue');
  const c = holdCues(neutralConditions(), store);
  expect(c.look).toEqual([0.5, 0]);
  expect(c.move).toEqual([0, 0]);
  expect(c.style).toBe('night');
});
