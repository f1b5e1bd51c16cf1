import type { MappingSpec } from '../runtime/mapping/mapping.ts';
import type { Priority } from '../runtime/core/signals.ts';

/** Wander on a keyboard and a touch screen, like HappyOyster's, for the pages (or consoles) matching `source`. */
export function wanderKeyboard(source: string, priority: Priority): MappingSpec[] {
  const key = (code: string, to: MappingSpec['to'], filters: MappingSpec['filters'] = []): MappingSpec => ({
    from: { source, channel: `key:${code}` },
    to,
    filters,
    priority,
  });
  return [
    key('KeyW', 'move.y'),
    key('ArrowUp', 'look.pitch', [{ type: 'scale', from: [0, 1], to: [0, 0.9], clamp: true }]),
    key('KeyS', 'move.y', [{ type: 'invert' }]),
    key('ArrowDown', 'look.pitch', [{ type: 'scale', from: [0, 1], to: [0, -0.9], clamp: true }]),
    key('KeyD', 'move.x'),
    key('KeyA', 'move.x', [{ type: 'invert' }]),
    key('ArrowRight', 'look.yaw', [{ type: 'scale', from: [0, 1], to: [0, 1.5], clamp: true }]),
    key('ArrowLeft', 'look.yaw', [{ type: 'scale', from: [0, 1], to: [0, -1.5], clamp: true }]),
    key('ShiftLeft', 'actions.sprint'),
    key('ShiftRight', 'actions.sprint'),
    key('Space', 'actions.jump'),
    key('KeyF', 'actions.fly', [{ type: 'toggle' }]),
    key('KeyV', 'perspective', [{ type: 'toggle' }]),
    {
      from: { source, channel: 'touch:stick' },
      to: 'move',
      filters: [{ type: 'deadzone', radius: 0.12, shape: 'radial' }],
      priority,
    },
    {
      from: { source, channel: 'touch:look' },
      to: 'look',
      filters: [{ type: 'scale', from: [-1, 1], to: [-1.5, 1.5], clamp: true }],
      priority,
    },
  ];
}

/** visitors on display pages: added unless input.keyboard is 'none' */
export const WANDER_KEYBOARD = wanderKeyboard('browser:*', 'visitor');

/** the operator driving from the console preview: overrides the visitors while the preview has focus */
export const OPERATOR_KEYBOARD = wanderKeyboard('console:*', 'operator');
