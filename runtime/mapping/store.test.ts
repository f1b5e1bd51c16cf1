import { describe, expect, it } from 'vitest';
import type { Value } from '../core/signals.ts';
import type { MappingInput } from './mapping.ts';
import { ConditionStore } from './store.ts';

let clock = 0;
const sig = (source: string, channel: string, value: Value) => ({ source, channel, value, t: (clock += 16) });
const key = (code: string, to: MappingInput['to'], filters: MappingInput['filters'] = []): MappingInput => ({
  from: { source: 'browser:*', channel: `key:${code}` },
  to,
  filters,
});
const wasd = [key('KeyW', 'move.y'), key('KeyS', 'move.y', [{ type: 'invert' }])];

describe('ConditionStore: combining', () => {
  it('starts neutral', () => {
    expect(new ConditionStore({ mappings: wasd }).snapshot()).toEqual({
      move: [0, 0],
      look: [0, 0],
      actions: {},
      perspective: 'first',
    });
  });

  it('W and S on one axis cancel, and releasing one leaves the other', () => {
    const s = new ConditionStore({ mappings: wasd });
    s.ingest(sig('browser:a', 'key:KeyW', true));
    expect(s.snapshot().move).toEqual([0, 1]);
    s.ingest(sig('browser:a', 'key:KeyS', true));
    expect(s.snapshot().move).toEqual([0, 0]);
    s.ingest(sig('browser:a', 'key:KeyW', false));
    expect(s.snapshot().move).toEqual([0, -1]);
  });

  it('sums two sources and clamps move to [-1, 1]', () => {
    const s = new ConditionStore({ mappings: [...wasd, { from: { source: '*', channel: 'stick' }, to: 'move' }] });
    s.ingest(sig('browser:a', 'key:KeyW', true));
    s.ingest(sig('browser:b', 'key:KeyW', true));
    expect(s.snapshot().move).toEqual([0, 1]);
    s.ingest(sig('browser:b', 'key:KeyS', true));
    s.ingest(sig('pad:1', 'stick', [0.3, -0.25]));
    expect(s.snapshot().move).toEqual([0.3, 0.75]);
  });

  it('keeps filter state per source: two pages toggling separately', () => {
    const s = new ConditionStore({ mappings: [key('KeyF', 'actions.fly', [{ type: 'toggle' }])] });
    s.ingest(sig('browser:a', 'key:KeyF', true));
    s.ingest(sig('browser:b', 'key:KeyF', true));
    s.ingest(sig('browser:a', 'key:KeyF', false));
    s.ingest(sig('browser:a', 'key:KeyF', true));
    s.consume();
    expect(s.snapshot().actions.fly).toBe(true);
    expect(s.active('actions.fly')).toEqual({ priority: 'visitor', sources: ['browser:a', 'browser:b'] });
  });

  it('ignores signals no mapping matches and values that are not finite', () => {
    const s = new ConditionStore({ mappings: [{ from: { source: 'pad:*', channel: 'x' }, to: 'move.x' }] });
    s.ingest(sig('pad:1', 'x', 0.5));
    s.ingest(sig('browser:a', 'x', 1));
    s.ingest(sig('pad:1', 'y', 1));
    s.ingest(sig('pad:1', 'x', Number.NaN));
    expect(s.snapshot().move).toEqual([0.5, 0]);
  });
});

describe('ConditionStore: priorities and fallbacks', () => {
  it("an operator override beats the visitor; clearing it returns to the visitor's value", () => {
    const s = new ConditionStore({ mappings: wasd });
    s.ingest(sig('browser:a', 'key:KeyW', true));
    s.override('move', [0.5, -0.5], 'operator');
    expect(s.snapshot().move).toEqual([0.5, -0.5]);
    expect(s.active('move')).toEqual({ priority: 'operator', sources: ['override'] });
    s.override('move', undefined, 'operator');
    expect(s.snapshot().move).toEqual([0, 1]);
    expect(s.active('move.y')).toEqual({ priority: 'visitor', sources: ['browser:a'] });
  });

  it('operator beats cue beats visitor; move and look are taken whole', () => {
    const s = new ConditionStore({ mappings: [...wasd, key('KeyD', 'move.x')] });
    s.ingest(sig('browser:a', 'key:KeyW', true));
    s.ingest(sig('browser:a', 'key:KeyD', true));
    expect(s.snapshot().move).toEqual([1, 1]);
    s.override('move.y', 0.2, 'cue');
    expect(s.snapshot().move).toEqual([0, 0.2]); // the cue steers move: the visitor's strafe no longer counts
    s.override('move.y', -0.4, 'operator');
    s.override('move.x', 0.3, 'cue');
    expect(s.snapshot().move).toEqual([0, -0.4]);
    s.override('move.y', undefined, 'operator');
    expect(s.snapshot().move).toEqual([0.3, 0.2]);
    s.override('move.y', undefined, 'cue');
    s.override('move.x', undefined, 'cue');
    expect(s.snapshot().move).toEqual([1, 1]);
  });

  it('a mapping declared at cue priority outranks visitor mappings', () => {
    const cue: MappingInput = { from: { source: 'osc:*', channel: '/walk' }, to: 'move.y', priority: 'cue' };
    const s = new ConditionStore({ mappings: [...wasd, cue] });
    s.ingest(sig('browser:a', 'key:KeyS', true));
    s.ingest(sig('osc:desk', '/walk', 0.25));
    expect(s.snapshot().move).toEqual([0, 0.25]);
    expect(s.active('move.y')).toEqual({ priority: 'cue', sources: ['osc:desk'] });
  });

  it("sourceLost returns a target to its fallback while another source's contribution stays", () => {
    const s = new ConditionStore({ mappings: [...wasd, key('Space', 'actions.jump')], fallbacks: { 'move.y': 0.1 } });
    s.ingest(sig('browser:a', 'key:KeyW', true));
    s.ingest(sig('browser:b', 'key:Space', true));
    s.consume();
    s.sourceLost('browser:a');
    expect(s.snapshot()).toMatchObject({ move: [0, 0.1], actions: { jump: true } });
    expect(s.active('move.y')).toBeUndefined();
    s.sourceLost('browser:b');
    expect(s.snapshot()).toMatchObject({ move: [0, 0.1], actions: { jump: false } });
  });

  it('sourceLost matches the exact source only and resets its filter state', () => {
    const s = new ConditionStore({ mappings: [key('KeyF', 'actions.fly', [{ type: 'toggle' }])] });
    s.ingest(sig('browser:a', 'key:KeyF', true));
    s.ingest(sig('browser:a', 'key:KeyF', false));
    s.sourceLost('browser:');
    s.consume();
    expect(s.snapshot().actions.fly).toBe(true);
    s.sourceLost('browser:a');
    s.ingest(sig('browser:a', 'key:KeyF', true));
    expect(s.snapshot().actions.fly).toBe(true);
  });
});

describe('ConditionStore: reconfigure (a config reload)', () => {
  it('new mappings take over, the overrides stay, a bad mapping changes nothing', () => {
    const s = new ConditionStore({ mappings: [key('KeyW', 'move.y'), key('KeyJ', 'actions.jump')] });
    s.override('look.pitch', 0.5, 'operator');
    s.ingest(sig('browser:a', 'key:KeyW', true));
    expect(s.snapshot().move).toEqual([0, 1]);
    s.reconfigure({ mappings: [key('KeyW', 'move.x')], fallbacks: { style: 'dusk' } });
    expect(s.snapshot().move).toEqual([0, 0]); // the old mapping's held input went with it
    expect(s.snapshot().actions).toEqual({}); // a verb no mapping names any more
    s.ingest(sig('browser:a', 'key:KeyW', true));
    expect(s.snapshot()).toMatchObject({ move: [1, 0], look: [0, 0.5], style: 'dusk' });
    expect(() =>
      s.reconfigure({ mappings: [{ from: { source: 'x', channel: 'y' }, to: 'nowhere' as never }] }),
    ).toThrow(/mappings\[0\]/);
    expect(s.snapshot().move).toEqual([1, 0]);
  });
});
