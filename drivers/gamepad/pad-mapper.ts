import type { Value } from '../../runtime/core/signals.ts';
import type { Calibration, Profile, StickCalibration } from './profile.ts';
import { stickCalibrationSchema } from './profile.ts';

/**
 * A raw control as a backend reports it: an axis as `unit` 0..1 across its logical range (so a centred
 * stick reads ~0.5), a hat as its position 0..7 clockwise from up or -1 when centred, a button as a boolean.
 */
export type RawValue = { unit: number } | { hat: number } | boolean;
export type RawControls = ReadonlyMap<string, RawValue>;

const HAT_VECTORS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 1],
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, -1],
  [-1, 0],
  [-1, 1],
];
const DEFAULT_STICK = stickCalibrationSchema.parse({});

/**
 * Turns raw controls into the pad's channels by its profile: `left`/`right` [x, y] (up is +y) after
 * calibration and a radial deadzone, `lt`/`rt` 0..1, `dpad` [x, y], named buttons, and whatever the
 * profile does not name as `button:<n>` / `axis:<name>` so an unlisted pad still does something.
 */
export class PadMapper {
  private readonly last = new Map<string, Value>();
  private readonly named: Set<string>;

  constructor(
    private readonly profile: Profile,
    private readonly calibration: Calibration = {},
  ) {
    const p = profile;
    this.named = new Set<string>([
      ...Object.values(p.sticks).flatMap((s) => (s ? [s.x, s.y] : [])),
      ...Object.values(p.triggers).filter((t): t is string => !!t),
      ...Object.values(p.buttons),
      ...(p.dpad ? Object.values(p.dpad) : []),
    ]);
  }

  /** the channels whose value changed since the last call (all of them on the first) */
  changes(raw: RawControls): [string, Value][] {
    const out: [string, Value][] = [];
    for (const [channel, value] of this.channels(raw)) {
      const before = this.last.get(channel);
      if (before !== undefined && same(before, value)) continue;
      this.last.set(channel, value);
      out.push([channel, value]);
    }
    return out;
  }

  private *channels(raw: RawControls): Generator<[string, Value]> {
    const { sticks, triggers, buttons } = this.profile;
    for (const side of ['left', 'right'] as const) {
      const s = sticks[side];
      // evdev reports an axis only once it moves: one that has not moved yet is at rest
      if (s && (raw.has(s.x) || raw.has(s.y)))
        yield [side, this.stick(raw, s.x, s.y, s.invertY, this.calibrationOf(side))];
    }
    for (const side of ['lt', 'rt'] as const) {
      const name = triggers[side];
      const v = name === undefined ? undefined : raw.get(name);
      if (v !== undefined) yield [side, this.trigger(v)];
    }
    const dpad = this.dpad(raw);
    if (dpad) yield ['dpad', dpad];
    for (const [button, name] of Object.entries(buttons)) {
      const v = raw.get(name);
      if (v !== undefined) yield [button, pressed(v)];
    }
    for (const [name, v] of raw) {
      if (this.named.has(name)) continue;
      if (typeof v === 'boolean') yield [`button:${channelName(name)}`, v];
      else if ('unit' in v) yield [`axis:${channelName(name)}`, round(v.unit * 2 - 1)];
    }
  }

  private calibrationOf(side: 'left' | 'right'): StickCalibration {
    return this.calibration[side] ?? this.profile.calibration[side] ?? DEFAULT_STICK;
  }

  private stick(
    raw: RawControls,
    xName: string,
    yName: string,
    invertY: boolean,
    c: StickCalibration,
  ): [number, number] {
    const x = centred(raw.get(xName)) - c.center[0];
    const y = (centred(raw.get(yName)) - c.center[1]) * (invertY ? -1 : 1);
    const m = Math.hypot(x, y);
    if (m <= c.deadzone || m === 0) return [0, 0];
    const scaled = Math.min(1, (Math.min(m, c.outer) - c.deadzone) / (c.outer - c.deadzone));
    return [round((x / m) * scaled), round((y / m) * scaled)];
  }

  private trigger(v: RawValue): number {
    const dz = this.calibration.triggerDeadzone ?? this.profile.calibration.triggerDeadzone ?? 0.04;
    const u = typeof v === 'boolean' ? Number(v) : 'unit' in v ? v.unit : 0;
    return u <= dz ? 0 : round((u - dz) / (1 - dz));
  }

  private dpad(raw: RawControls): [number, number] | undefined {
    const d = this.profile.dpad;
    if (!d) return undefined;
    if ('hat' in d) {
      const v = raw.get(d.hat);
      if (v === undefined || typeof v === 'boolean' || !('hat' in v)) return undefined;
      return v.hat >= 0 && v.hat < 8 ? [...(HAT_VECTORS[v.hat] as [number, number])] : [0, 0];
    }
    if ('x' in d) {
      if (!raw.has(d.x) && !raw.has(d.y)) return undefined;
      return [Math.sign(round(centred(raw.get(d.x)))) + 0, 0 - Math.sign(round(centred(raw.get(d.y))))]; // no -0
    }
    const on = (n: string) => Number(pressed(raw.get(n) ?? false));
    return [on(d.right) - on(d.left), on(d.up) - on(d.down)];
  }
}

function centred(v: RawValue | undefined): number {
  if (v === undefined || typeof v === 'boolean' || !('unit' in v)) return 0;
  return v.unit * 2 - 1;
}

function pressed(v: RawValue): boolean {
  if (typeof v === 'boolean') return v;
  return 'unit' in v ? v.unit > 0.5 : v.hat >= 0;
}

function channelName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^button /, '')
    .replace(/[^a-z0-9]+/g, '_');
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000 + 0; // + 0 turns -0 into 0
}

function same(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
