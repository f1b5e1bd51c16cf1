/** Core contracts shared by drivers, mapping, the model host and outputs (DESIGN.md section 3). */

export type Value = number | boolean | string | readonly number[];

export interface Signal {
  source: string;
  channel: string;
  value: Value;
  /** performance.now() when the signal was observed */
  t: number;
  /** a message's arguments one by one, where `value` had to join them (OSC with strings among several) */
  args?: readonly (number | string | boolean)[];
}

export type Perspective = 'first' | 'third';

/** The world-model vocabulary: every backend adapter maps from it. Held state, latest wins. */
export interface Conditions {
  /** [x, y] in [-1, 1]: strafe right, walk forward */
  move: readonly [number, number];
  /** [dyaw, dpitch] in rad/s: turn right, look up */
  look: readonly [number, number];
  /** jump, sprint, fly, ... the verbs a model advertises */
  actions: Readonly<Record<string, boolean | number>>;
  perspective: Perspective;
  /** a named style preset of the model */
  style?: string;
  scene?: string;
  character?: string;
}

/** A text instruction: an event, not held state. */
export interface PromptEvent {
  text: string;
  weight?: number;
  /** seconds over which the change should blend in, where the model supports it */
  transition?: number;
}

export function neutralConditions(): Conditions {
  return { move: [0, 0], look: [0, 0], actions: {}, perspective: 'first' };
}

export type DriverState = 'closed' | 'opening' | 'open' | 'lost' | 'closing';

/** Who set a condition: an operator override beats a show cue, which beats a visitor's input. */
export type Priority = 'operator' | 'cue' | 'visitor';
export const PRIORITIES: readonly Priority[] = ['operator', 'cue', 'visitor'];

/**
 * The one "is this signal on" rule: true, or a number (or a vector's length) at or above one half. A
 * proximity sensor's 0.2 is not a visitor; a button's 1, a trigger pulled past half way, an OSC 1.0 are on.
 */
export function isOn(v: Value | undefined): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Math.abs(v) >= 0.5;
  if (Array.isArray(v)) return Math.hypot(...v) >= 0.5;
  return false;
}

/**
 * A different question from isOn: has a control left its resting value? A stick nudged past its deadzone
 * or a key down means someone is at the controls, even though the stick is not "on".
 */
export function isMoved(v: Value | undefined): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (Array.isArray(v)) return v.some((x) => x !== 0);
  return false;
}
