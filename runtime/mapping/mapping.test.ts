import { describe, expect, it } from 'vitest';
import { mappingSchema, parseMapping } from './mapping.ts';

const from = { source: 'browser:*', channel: 'key:KeyW' };

describe('mappingSchema', () => {
  it('fills in filters and priority', () => {
    expect(mappingSchema.parse({ from, to: 'move.y' })).toEqual({
      from,
      to: 'move.y',
      filters: [],
      priority: 'visitor',
    });
  });

  it.each([
    'move',
    'move.x',
    'move.y',
    'look',
    'look.yaw',
    'look.pitch',
    'perspective',
    'style',
    'actions.jump',
    'actions.fly_2-b',
  ])('accepts the target %s', (to) => expect(mappingSchema.safeParse({ from, to }).success).toBe(true));

  it.each(['moves', 'move.z', 'actions.', 'actions.jump high', 'actions', 'look.roll', ''])(
    'rejects the target "%s"',
    (to) => {
      const r = mappingSchema.safeParse({ from, to });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/is not a condition to drive; use one of "move"/);
    },
  );

  it('rejects a bad filter, a bad priority and unknown keys', () => {
    expect(mappingSchema.safeParse({ from, to: 'move', filters: [{ type: 'nope' }] }).success).toBe(false);
    expect(mappingSchema.safeParse({ from, to: 'move', priority: 'admin' }).success).toBe(false);
    expect(mappingSchema.safeParse({ from, to: 'move', form: from }).success).toBe(false);
    expect(mappingSchema.safeParse({ from: { source: 'browser:*' }, to: 'move' }).success).toBe(false);
  });
});

describe('parseMapping', () => {
  it('names the mapping that failed', () => {
    expect(() => parseMapping({ id: 'walk', from, to: 'walk' }, 3)).toThrow(
      /mappings\[3\] \(walk\):.*"walk" is not a condition/s,
    );
  });
});
