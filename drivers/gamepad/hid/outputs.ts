import type { Value } from '../../../runtime/core/signals.ts';
import type { OutputLayout } from '../profile.ts';

/** Rumble and light bar of a HID pad, as its profile lays them out in one output report. */
export class HidOutputReport {
  private readonly report: Buffer;

  constructor(
    private readonly layout: OutputLayout | undefined,
    private readonly padName: string,
  ) {
    this.report = Buffer.from((layout?.report ?? '').replace(/\s+/g, ''), 'hex');
  }

  /** the report to send for a write to `channel` ("rumble": 0..1 or [strong, weak]; "led": [r, g, b] 0..1 or "#rrggbb") */
  apply(channel: string, value: Value): Buffer {
    const l = this.layout;
    if (channel === 'rumble') {
      if (!l?.rumble)
        throw new Error(`${this.padName} has no rumble in its profile (channels it accepts: ${this.accepted()})`);
      const [strong, weak] = Array.isArray(value) ? value : [Number(value), Number(value)]; // true -> 1: full
      this.set(l.rumble.strong, strong);
      this.set(l.rumble.weak, weak ?? strong);
    } else if (channel === 'led') {
      if (!l?.led)
        throw new Error(`${this.padName} has no light in its profile (channels it accepts: ${this.accepted()})`);
      const [r, g, b] = rgb(value);
      this.set(l.led.r, r);
      this.set(l.led.g, g);
      this.set(l.led.b, b);
    } else {
      throw new Error(
        `gamepad output "${channel}" is unknown; write "rumble" (0..1 or [strong, weak]) or "led" ([r, g, b] 0..1 or "#rrggbb")`,
      );
    }
    return Buffer.from(this.report);
  }

  private set(offset: number, unit: number | undefined): void {
    if (offset >= this.report.length)
      throw new Error(`${this.padName}: profile output offset ${offset} is past its ${this.report.length}-byte report`);
    const v = Number(unit);
    if (!Number.isFinite(v)) throw new Error(`gamepad output values are numbers 0..1; got ${String(unit)}`);
    this.report[offset] = Math.round(Math.min(1, Math.max(0, v)) * 255);
  }

  private accepted(): string {
    const l = this.layout;
    return [l?.rumble && 'rumble', l?.led && 'led'].filter(Boolean).join(', ') || 'none';
  }
}

function rgb(value: Value): number[] {
  // an output binding writes true/false: white or off; a number is a white brightness
  if (typeof value === 'boolean') return value ? [1, 1, 1] : [0, 0, 0];
  if (typeof value === 'number') return [value, value, value];
  if (typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)) {
    return [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16) / 255);
  }
  if (Array.isArray(value) && value.length === 3) return [...value];
  throw new Error(`"led" takes [r, g, b] (each 0..1) or "#rrggbb"; got ${JSON.stringify(value)}`);
}
