/**
 * Conditions -> Adventure's held command. HappyOyster takes one command per generated chunk, so a command is
 * held state: the page's player re-sends it every 300 ms while it holds, and 'None' releases an axis.
 */
import { isOn, type Conditions } from '../../runtime/core/signals.ts';
import type { SurfaceCommand } from '../../runtime/core/display-protocol.ts';

export const NONE = 'None';
export const RELEASED: SurfaceCommand = Object.freeze({ translation: NONE, rotation: NONE, interaction: NONE });

/** a stick or look rate below this is at rest */
const DEAD = 0.3;

/** the 8 ways of a vector (x right, y forward/up), or undefined at rest: [forward/back, left/right] parts */
function eightWay(x: number, y: number): ['Front' | 'Back' | undefined, 'Left' | 'Right' | undefined] | undefined {
  if (Math.hypot(x, y) < DEAD) return undefined;
  const angle = Math.atan2(y, x); // 0 = right, pi/2 = forward
  const sector = ((Math.round(angle / (Math.PI / 4)) % 8) + 8) % 8; // 0 right, 1 front-right, 2 front, ...
  const vertical = ([undefined, 'Front', 'Front', 'Front', undefined, 'Back', 'Back', 'Back'] as const)[sector];
  const side = (['Right', 'Right', undefined, 'Left', 'Left', 'Left', undefined, 'Right'] as const)[sector];
  return [vertical, side];
}

/** move [x right, y forward] -> Front, Back, Left, Right, Front_Left, Front_Right, Back_Left, Back_Right */
export function translation(move: readonly [number, number]): string {
  const way = eightWay(move[0], move[1]);
  if (!way) return NONE;
  return way.filter(Boolean).join('_');
}

/** look [yaw right, pitch up] -> Mouse_Up, Mouse_Down, Mouse_Left, Mouse_Right, Mouse_Up_Left, ... */
export function rotation(look: readonly [number, number]): string {
  const way = eightWay(look[0], look[1]);
  if (!way) return NONE;
  const [v, h] = way;
  return ['Mouse', v === 'Front' ? 'Up' : v === 'Back' ? 'Down' : undefined, h].filter(Boolean).join('_');
}

/** the first verb that is on: Nacre's name mapped through `verbs`, or the world's own verb as named */
export function interaction(actions: Conditions['actions'], verbs: Readonly<Record<string, string>>): string {
  for (const [verb, value] of Object.entries(actions)) {
    if (isOn(value)) return verbs[verb] ?? verb;
  }
  return NONE;
}

export function heldCommand(
  c: Pick<Conditions, 'move' | 'look' | 'actions'>,
  verbs: Readonly<Record<string, string>>,
): SurfaceCommand {
  return { translation: translation(c.move), rotation: rotation(c.look), interaction: interaction(c.actions, verbs) };
}

export function sameCommand(a: SurfaceCommand, b: SurfaceCommand): boolean {
  return a.translation === b.translation && a.rotation === b.rotation && a.interaction === b.interaction;
}
