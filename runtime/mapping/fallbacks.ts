import { z } from 'zod';
import { converterFor, type Convert, type Held } from './resolve.ts';
import { isTarget, slotsOf, TARGET_HELP, type Slot, type Target } from './target.ts';

const heldSchema = z.union([z.number(), z.boolean(), z.string(), z.tuple([z.number(), z.number()])]);

/** Validates a value given for `target` (a fallback or an override), saying what would work if it does not fit. */
export function parseHeld(target: Target, raw: unknown, where: string): Held {
  const parsed = heldSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${where}: ${shown(raw)} is not a finite number, boolean, string or [x, y]`);
  }
  checkDrives(target, parsed.data, where);
  return parsed.data;
}

/** Whether `value` can drive every slot of `target` (a string cannot drive an axis, a number no style). */
export function drives(target: Target, value: Held): boolean {
  return slotsOf(target).every(({ slot, component }) => converterFor(slot)(value, component) !== undefined);
}

/** Throws, saying what would work, when `value` cannot drive every slot of `target`. */
function checkDrives(target: Target, value: Held, where: string): void {
  if (drives(target, value)) return;
  const want =
    target === 'style'
      ? 'a style name (string)'
      : target === 'perspective'
        ? '"first", "third" or a boolean'
        : 'a number, boolean or [x, y]';
  throw new Error(`${where}: ${shown(value)} cannot drive "${target}"; give it ${want}`);
}

/** a value as a message shows it: never the whole of a mapping (a YAML alias can make one refer to itself) */
function shown(value: unknown): string {
  if (Array.isArray(value))
    return value.length <= 4 && value.every((v) => typeof v !== 'object') ? `[${value.join(', ')}]` : 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return JSON.stringify(value) ?? String(value);
}

/** Validates config's `conditions.fallbacks` ({ target: value }) into a map. */
export function parseFallbacks(record: Readonly<Record<string, unknown>>): ReadonlyMap<Target, Held> {
  const out = new Map<Target, Held>();
  for (const [key, raw] of Object.entries(record)) {
    const where = `conditions.fallbacks.${key}`;
    if (!isTarget(key)) throw new Error(`${where}: "${key}" is not a condition; use ${TARGET_HELP}`);
    out.set(key, parseHeld(key, raw, where));
  }
  return out;
}

/** A slot's own fallback wins over its vector's: "move.y" over "move". */
export function fallbackFor<T>(fallbacks: ReadonlyMap<Target, Held>, slot: Slot, convert: Convert<T>): T | undefined {
  const own = fallbacks.get(slot);
  if (own !== undefined) return convert(own, undefined);
  const parent = slot.startsWith('move.') ? 'move' : slot.startsWith('look.') ? 'look' : undefined;
  const whole = parent && fallbacks.get(parent);
  if (whole === undefined) return undefined;
  return convert(whole, slot.endsWith('.x') || slot.endsWith('.yaw') ? 0 : 1);
}
