import { describe, expect, it } from 'vitest';
import type { Value } from '../core/signals.ts';
import type { MappingInput } from './mapping.ts';
import { ConditionStore } from './store.ts';

const on = (channel: string, to: MappingInput['to']): MappingInput => ({ from: { source: '*', channel }, to });
const feed = (mappings: MappingInput[], channel: string, value: Value) => {
  const s = new ConditionStore({ mappings });
  s.ingest({ source: 'dev', channel, value, t: 0 });
  return s.snapshot();
};

describe('ConditionStore: values of another kind than the target', () => {
  it('a boolean into an axis counts 0/1', () => {
    expect(feed([on('b', 'look.pitch')], 'b', true).look).toEqual([0, 1]);
  });

  it('a vector into a single axis gives its first component', () => {
    expect(feed([on('v', 'move.y')], 'v', [0.4, 0.9]).move).toEqual([0, 0.4]);
  });

  it('a scalar into a whole vector target feeds both components', () => {
    expect(feed([on('n', 'look')], 'n', 0.5).look).toEqual([0.5, 0.5]);
  });

  it('look sums into [-3, 3] rad/s', () => {
    const s = new ConditionStore({ mappings: [on('l', 'look')] });
    s.ingest({ source: 'a', channel: 'l', value: [2, -2], t: 0 });
    s.ingest({ source: 'b', channel: 'l', value: [2, -0.5], t: 0 });
    expect(s.snapshot().look).toEqual([3, -2.5]);
  });

  it('a number or stick into an action is down from one half; arrays give two components', () => {
    expect(feed([on('t', 'actions.sprint')], 't', 0.7).actions).toEqual({ sprint: true });
    expect(feed([on('t', 'actions.sprint')], 't', [0.3, 0.3]).actions).toEqual({ sprint: false });
    expect(feed([on('a', 'move')], 'a', [0.1, 0.2, 0.9]).move).toEqual([0.1, 0.2]);
  });

  it('perspective: booleans and "first"/"third"; the last one set wins', () => {
    expect(feed([on('p', 'perspective')], 'p', true).perspective).toBe('third');
    const s = new ConditionStore({ mappings: [on('p', 'perspective')] });
    s.ingest({ source: 'a', channel: 'p', value: 'third', t: 0 });
    s.ingest({ source: 'b', channel: 'p', value: 'first', t: 1 });
    expect(s.snapshot().perspective).toBe('first');
    s.ingest({ source: 'b', channel: 'p', value: 'sideways', t: 2 });
    expect(s.snapshot().perspective).toBe('first');
  });

  it('style takes strings only, the last one set wins, and a string never enters a filter chain', () => {
    const s = new ConditionStore({
      mappings: [on('s', 'style'), { ...on('f', 'style'), filters: [{ type: 'invert' }] }],
    });
    s.ingest({ source: 'a', channel: 's', value: 'dusk', t: 0 });
    s.ingest({ source: 'b', channel: 's', value: 'noir', t: 1 });
    s.ingest({ source: 'c', channel: 's', value: 1, t: 2 });
    s.ingest({ source: 'd', channel: 'f', value: 'pastel', t: 3 });
    expect(s.snapshot().style).toBe('noir');
  });
});

describe('ConditionStore: fallbacks and overrides are checked', () => {
  it("uses configured fallbacks, the axis key over its vector's", () => {
    const s = new ConditionStore({
      mappings: [],
      fallbacks: { look: [0.2, 0.1], 'look.pitch': -0.3, perspective: 'third', style: 'calm' },
    });
    expect(s.snapshot()).toEqual({ move: [0, 0], look: [0.2, -0.3], actions: {}, perspective: 'third', style: 'calm' });
  });

  it('rejects fallbacks that name no target or cannot drive it, saying what would', () => {
    expect(() => new ConditionStore({ mappings: [], fallbacks: { walk: 1 } })).toThrow(
      /"walk" is not a condition; use one of/,
    );
    expect(() => new ConditionStore({ mappings: [], fallbacks: { move: 'fast' } })).toThrow(
      /cannot drive "move"; give it a number/,
    );
    expect(() => new ConditionStore({ mappings: [], fallbacks: { style: 3 } })).toThrow(/style name/);
    expect(() => new ConditionStore({ mappings: [], fallbacks: { move: [1, 2, 3] } })).toThrow(/not a finite number/);
  });

  it('rejects an override that cannot drive its target and names a bad mapping', () => {
    const s = new ConditionStore({ mappings: [] });
    expect(() => s.override('perspective', 'sideways', 'operator')).toThrow(/"first", "third"/);
    expect(() => s.override('move.x', Number.NaN, 'cue')).toThrow(/not a finite number/);
    expect(() => new ConditionStore({ mappings: [on('x', 'move.z' as MappingInput['to'])] })).toThrow(/mappings\[0\]/);
  });
});
