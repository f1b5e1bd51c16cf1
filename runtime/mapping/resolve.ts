import { isOn } from '../core/signals.ts';
import { PRIORITIES, type Perspective, type Priority } from '../core/signals.ts';
import { slotsOf, type Slot, type Target } from './target.ts';
import { clamp, isVec, type MappedValue } from './value.ts';

/** What a contribution or an override holds: a filtered value, or a string for perspective/style. */
export type Held = MappedValue | string;

/** The latest value one (mapping, source) pair or one override gives a target. */
export interface Contribution {
  target: Target;
  /** the signal's source, or "override" */
  source: string;
  priority: Priority;
  value: Held;
  /** arrival order, for the targets where the last one set wins */
  seq: number;
}

/** Who drives a slot and with what, after priorities. */
export interface Driven<T> {
  value: T;
  priority: Priority;
  sources: string[];
}

export const MOVE_LIMIT = 1;
/** rad/s: fast enough for a snap turn, bounded so summed inputs cannot spin the view away */
export const LOOK_LIMIT = 3;

export type Convert<T> = (v: Held, component: 0 | 1 | undefined) => T | undefined;

/**
 * Into an axis: booleans count 0/1; a scalar into a whole vector target ("move") feeds both components;
 * a vector into a single axis ("move.y") gives its first component, like a stick read as one axis.
 */
export const toAxis: Convert<number> = (v, component) => {
  if (typeof v === 'string') return undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return isVec(v) ? v[component ?? 0] : v;
};

/** Into an action or perspective: pressed as in isOn (a vector by its magnitude). */
export const toAction: Convert<boolean> = (v) => (typeof v === 'string' ? undefined : isOn(v));

export const toPerspective: Convert<Perspective> = (v) => {
  if (typeof v === 'string') return v === 'first' || v === 'third' ? v : undefined;
  return isOn(v) ? 'third' : 'first';
};

export const toStyle: Convert<string> = (v) => (typeof v === 'string' ? v : undefined);

/** The contributions of the highest priority level that can drive `slot`, converted for it. */
function top<T>(slot: Slot, all: Iterable<Contribution>, convert: Convert<T>) {
  const levels = new Map<Priority, Array<{ c: Contribution; v: T }>>();
  for (const c of all) {
    const hit = slotsOf(c.target).find((s) => s.slot === slot);
    const v = hit && convert(c.value, hit.component);
    if (v === undefined) continue;
    if (!levels.has(c.priority)) levels.set(c.priority, []);
    levels.get(c.priority)!.push({ c, v });
  }
  const priority = PRIORITIES.find((p) => levels.has(p));
  return priority && { priority, items: levels.get(priority)! };
}

function driven<T>(priority: Priority, items: Array<{ c: Contribution }>, value: T): Driven<T> {
  return { value, priority, sources: [...new Set(items.map((i) => i.c.source))] };
}

/** Sum of the level, clamped to ±limit (move 1, look 3 rad/s). */
export function resolveAxis(slot: Slot, all: Iterable<Contribution>, limit: number): Driven<number> | undefined {
  const t = top(slot, all, toAxis);
  return (
    t &&
    driven(
      t.priority,
      t.items,
      clamp(
        t.items.reduce((sum, i) => sum + i.v, 0),
        -limit,
        limit,
      ),
    )
  );
}

/** Down when any contribution of the level is down. */
export function resolveAction(slot: Slot, all: Iterable<Contribution>): Driven<boolean> | undefined {
  const t = top(slot, all, toAction);
  return (
    t &&
    driven(
      t.priority,
      t.items,
      t.items.some((i) => i.v),
    )
  );
}

/** Perspective and style do not combine: the one set last at the level wins. */
export function resolveLatest<T>(slot: Slot, all: Iterable<Contribution>, convert: Convert<T>): Driven<T> | undefined {
  const t = top(slot, all, convert);
  if (!t) return undefined;
  const last = t.items.reduce((a, b) => (b.c.seq > a.c.seq ? b : a));
  return driven(t.priority, t.items, last.v);
}

/** How a value is read for a slot; undefined from it means "cannot drive this slot". */
export function converterFor(slot: Slot): Convert<number | boolean | string> {
  if (slot.startsWith('move.') || slot.startsWith('look.')) return toAxis;
  if (slot.startsWith('actions.')) return toAction;
  return slot === 'perspective' ? toPerspective : toStyle;
}

/** Any slot, for the console's "who drives this" (the snapshot uses the typed resolvers). */
export function resolveSlot(slot: Slot, all: Iterable<Contribution>): Driven<number | boolean | string> | undefined {
  if (slot.startsWith('move.')) return resolveAxis(slot, all, MOVE_LIMIT);
  if (slot.startsWith('look.')) return resolveAxis(slot, all, LOOK_LIMIT);
  if (slot.startsWith('actions.')) return resolveAction(slot, all);
  return resolveLatest(slot, all, converterFor(slot));
}

/**
 * move and look are steered whole: the highest priority on either axis takes both, so an operator who
 * strafes from the console also stops the visitor walking (per-axis priority would mix the two).
 */
export function wholeVector(all: readonly Contribution[], condition: 'move' | 'look'): Contribution[] {
  const mine = (c: Contribution) => c.target === condition || c.target.startsWith(`${condition}.`);
  const level = PRIORITIES.find((p) => all.some((c) => mine(c) && c.priority === p));
  return all.filter((c) => !mine(c) || c.priority === level);
}
