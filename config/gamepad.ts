import type { MappingSpec } from '../runtime/mapping/mapping.ts';

const source = 'gamepad:*';
const map = (channel: string, to: MappingSpec['to'], filters: MappingSpec['filters'] = []): MappingSpec => ({
  from: { source, channel },
  to,
  filters,
  priority: 'visitor',
});

/**
 * Wander on any gamepad, like a game: left stick (or d-pad) moves, right stick looks, right trigger sprints,
 * left trigger flies, south (A / cross) jumps, east (B / circle) switches perspective; an arcade panel's
 * first button jumps. The pads' own radial deadzones apply before this. Added unless input.gamepad is 'none'.
 */
export const WANDER_GAMEPAD: MappingSpec[] = [
  map('left', 'move'),
  map('dpad', 'move'),
  map('right', 'look', [{ type: 'scale', from: [-1, 1], to: [-1.6, 1.6], clamp: true }]),
  map('rt', 'actions.sprint'),
  map('lt', 'actions.fly'),
  map('south', 'actions.jump'),
  map('button:1', 'actions.jump'),
  map('east', 'perspective', [{ type: 'toggle' }]),
];
