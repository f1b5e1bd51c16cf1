import type { RawValue } from '../pad-mapper.ts';
import { decodeReport } from './decode.ts';
import { HidReportError, type ParsedDescriptor } from './types.ts';
import { isOneSidedAxis } from './usages.ts';

/**
 * Decodes input reports into raw controls (pad-mapper's RawValue), keeping the latest value of every control:
 * a pad with several input reports sends each of them with only its own controls.
 */
export class HidRawControls {
  readonly controls = new Map<string, RawValue>();
  private readonly kinds = new Map<string, 'axis' | 'one-sided' | 'hat' | 'button'>();

  constructor(private readonly descriptor: ParsedDescriptor) {
    for (const f of descriptor.fields) {
      const names = f.array ? f.array.names : [f.name];
      for (const name of names)
        this.kinds.set(name, f.kind === 'axis' && isOneSidedAxis(name) ? 'one-sided' : f.array ? 'button' : f.kind);
    }
  }

  /** throws HidReportError for a report the descriptor does not describe (too short, unknown id) */
  update(report: Uint8Array): void {
    const expected = this.descriptor.reportLengths[this.descriptor.usesReportIds ? (report[0] ?? -1) : 0];
    // some pads pad their reports past the descriptor's length (a DualShock 4 over USB sends 64 bytes): ignore the tail
    const trimmed = expected !== undefined && report.length > expected ? report.subarray(0, expected) : report;
    const decoded = decodeReport(this.descriptor, trimmed);
    for (const [name, v] of Object.entries(decoded)) {
      const kind = this.kinds.get(name);
      if (kind === 'hat') this.controls.set(name, { hat: Number(v) });
      else if (kind === 'axis') this.controls.set(name, { unit: (Number(v) + 1) / 2 });
      else if (kind === 'one-sided') this.controls.set(name, { unit: Number(v) });
      else this.controls.set(name, Boolean(v));
    }
  }
}

export { HidReportError };
