import { z } from 'zod';

/** A condition a mapping can drive (runtime/types.ts Conditions). */
export type Target =
  'move' | 'move.x' | 'move.y' | 'look' | 'look.yaw' | 'look.pitch' | `actions.${string}` | 'perspective' | 'style';

/** The unit that priorities and fallbacks resolve: one axis, one action, perspective or style. */
export type Slot = Exclude<Target, 'move' | 'look'>;

const FIXED = new Set(['move', 'move.x', 'move.y', 'look', 'look.yaw', 'look.pitch', 'perspective', 'style']);
const VERB = /^[A-Za-z0-9_-]+$/;

export function isTarget(s: string): s is Target {
  return FIXED.has(s) || (s.startsWith('actions.') && VERB.test(s.slice('actions.'.length)));
}

export const TARGET_HELP =
  'one of "move", "move.x", "move.y", "look", "look.yaw", "look.pitch", "actions.<verb>" ' +
  '(verb: letters, digits, _ or -, e.g. "actions.jump"), "perspective", "style"';

export const targetSchema = z.string().transform((s, ctx): Target => {
  if (isTarget(s)) return s;
  ctx.issues.push({ code: 'custom', input: s, message: `"${s}" is not a condition to drive; use ${TARGET_HELP}` });
  return z.NEVER;
});

/** The slots a target writes, and which component of a vector value feeds each (undefined: the whole value). */
export function slotsOf(target: Target): ReadonlyArray<{ slot: Slot; component?: 0 | 1 }> {
  if (target === 'move')
    return [
      { slot: 'move.x', component: 0 },
      { slot: 'move.y', component: 1 },
    ];
  if (target === 'look')
    return [
      { slot: 'look.yaw', component: 0 },
      { slot: 'look.pitch', component: 1 },
    ];
  return [{ slot: target }];
}

export function verbOf(target: Target): string | undefined {
  return target.startsWith('actions.') ? target.slice('actions.'.length) : undefined;
}
