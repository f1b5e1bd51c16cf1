import { describe, expect, it } from 'vitest';
import { tinyManifest } from '../test/helpers/tiny-model.ts';
import { neutralConditions } from '../runtime/core/signals.ts';
import { ConditionEncoder } from './conditions.ts';
import { manifestSchema } from '../runtime/core/manifest.ts';

const manifest = manifestSchema.parse({
  ...tinyManifest(),
  actions: [
    { name: 'strafe', min: -1, max: 1, condition: 'move[0]' },
    { name: 'forward', min: -1, max: 1, condition: 'move[1]' },
    { name: 'turn', min: -3, max: 3, condition: 'look[0]' },
    { name: 'sprint', min: 0, max: 1, condition: 'actions.sprint' },
  ],
});

describe('ConditionEncoder', () => {
  it('reads each action slot from the condition its manifest names, clamped to the slot range', () => {
    const enc = new ConditionEncoder(manifest);
    const c = { ...neutralConditions(), move: [0.5, -2] as const, look: [9, 1] as const, actions: { sprint: true } };
    expect([...enc.encodeActions(c)]).toEqual([0.5, -1, 3, 1]);
  });

  it('treats a missing verb as 0 and a non-finite value as 0', () => {
    const enc = new ConditionEncoder(manifest);
    const c = { ...neutralConditions(), move: [Number.NaN, Infinity] as const };
    expect([...enc.encodeActions(c)]).toEqual([0, 0, 0, 0]);
  });

  it('starts in the default style and takes a preset by name', () => {
    const enc = new ConditionEncoder(manifest);
    expect(enc.style).toBe('warm');
    expect(enc.setStyle('cold')).toBe(true);
    expect(enc.styleInput()).toEqual(Float32Array.of(0.2, 1));
    expect(enc.setStyle('plaid')).toBe(false);
    expect(enc.style).toBe('cold');
  });

  it('maps an instruction to a preset by its keywords; the last matching word wins', () => {
    const enc = new ConditionEncoder(manifest);
    expect(enc.instruct({ text: 'Everything turns to ICE!' })).toEqual({
      accepted: true,
      effect: 'style warm -> cold (matched "ice")',
      style: 'cold',
    });
    expect(enc.instruct({ text: 'from the cold into the warm sun' }).style).toBe('warm');
    expect(enc.instruct({ text: 'sun' }).effect).toBe('style stays warm (matched "sun")');
  });

  it('says so when no preset matches, and keeps the style', () => {
    const enc = new ConditionEncoder(manifest);
    const ack = enc.instruct({ text: 'a kitten runs to the girl' });
    expect(ack.accepted).toBe(false);
    expect(ack.effect).toMatch(/no style matches .* known: warm, cold/);
    expect(enc.style).toBe('warm');
  });
});
