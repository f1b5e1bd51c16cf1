/** Conditions to Scope's ctrl_input, and text to its prompts: the mapping in one place. */
import type { Conditions, PromptEvent } from '../../runtime/core/signals.ts';
import type { PromptItem, ScopeParameters } from './client.ts';
import type { ScopeSpec } from './manifest.ts';

/** a stick or key past half way holds the key (the kiosk's isOn rule) */
const HOLD = 0.5;

/** W A S D held from the move condition, and the verbs' keys from the manifest's `scope.keys` */
export function heldKeys(c: Conditions, keys: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  const [x, y] = c.move;
  if (y >= HOLD) out.push('KeyW');
  if (x <= -HOLD) out.push('KeyA');
  if (y <= -HOLD) out.push('KeyS');
  if (x >= HOLD) out.push('KeyD');
  for (const [verb, code] of Object.entries(keys)) {
    const v = c.actions[verb];
    if (v === true || (typeof v === 'number' && Math.abs(v) >= HOLD)) out.push(code);
  }
  return out;
}

/**
 * Mouse deltas for `seconds` of look (rad/s): right and down are positive, as a browser's movementX/Y.
 * Scope sums the deltas it gets between two generation calls, so one delta per step adds up per chunk.
 */
export function mouseDelta(c: Conditions, seconds: number, perRadian: number): [number, number] {
  const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : 0);
  return [round(c.look[0] * seconds * perRadian), round(-c.look[1] * seconds * perRadian)];
}

/** Keys and mouse for one step; sends only what changed (keys) or moved (mouse). */
export class CtrlInput {
  private sentKeys = '';

  constructor(private readonly spec: ScopeSpec) {}

  step(c: Conditions, seconds: number): ScopeParameters | undefined {
    if (!this.spec.ctrlInput) return undefined;
    const button = heldKeys(c, this.spec.keys);
    const mouse = mouseDelta(c, seconds, this.spec.mousePerRadian);
    const keys = button.join(',');
    if (keys === this.sentKeys && mouse[0] === 0 && mouse[1] === 0) return undefined;
    this.sentKeys = keys;
    return { ctrl_input: { button, mouse } };
  }

  /** every key up (a visit's end); undefined when none is held */
  release(): ScopeParameters | undefined {
    if (!this.spec.ctrlInput || this.sentKeys === '') return undefined;
    this.sentKeys = '';
    return { ctrl_input: { button: [], mouse: [0, 0] } };
  }
}

/** a prompt change as a transition over `transitionSteps` generation calls (or the instruction's seconds) */
export function promptChange(spec: ScopeSpec, prompts: PromptItem[], seconds?: number): ScopeParameters {
  const steps =
    seconds !== undefined && spec.callsPerSecond
      ? Math.max(0, Math.round(seconds * spec.callsPerSecond))
      : spec.transitionSteps;
  return {
    transition: { target_prompts: prompts, num_steps: steps, temporal_interpolation_method: spec.interpolation },
  };
}

export function promptOf(p: PromptEvent): PromptItem {
  return { text: p.text, weight: p.weight ?? 1 };
}
