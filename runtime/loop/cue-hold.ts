import type { Conditions } from '../core/signals.ts';
import type { Slot } from '../mapping/target.ts';

/** What cue-hold needs of the condition store (ConditionStore is one). */
export interface CommandedConditions {
  commanded(): Set<Slot>;
  snapshot(): Conditions;
}

/**
 * A show cue or an operator's override holds in every phase of the kiosk: over the attract autopilot, over
 * the goodbye's stillness. Only the slots they drive change; the autopilot flies the rest. A cue does not
 * start a visit: a desk can steer the attract loop without the idle countdown of a visit starting.
 */
export function holdCues(base: Conditions, store: CommandedConditions): Conditions {
  const slots = store.commanded();
  if (!slots.size) return base;
  const held = store.snapshot();
  const axis = (slot: Slot, vector: 'move' | 'look', i: 0 | 1) => (slots.has(slot) ? held[vector][i] : base[vector][i]);
  const actions = { ...base.actions };
  for (const slot of slots)
    if (slot.startsWith('actions.')) {
      const verb = slot.slice('actions.'.length);
      actions[verb] = held.actions[verb] ?? false;
    }
  const style = slots.has('style') ? held.style : base.style;
  return {
    ...base,
    move: [axis('move.x', 'move', 0), axis('move.y', 'move', 1)],
    look: [axis('look.yaw', 'look', 0), axis('look.pitch', 'look', 1)],
    actions,
    perspective: slots.has('perspective') ? held.perspective : base.perspective,
    ...(style === undefined ? {} : { style }),
  };
}
