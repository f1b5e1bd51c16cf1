import { HidReportError, type HidField, type ParsedDescriptor } from './types.ts';
import { isOneSidedAxis } from './usages.ts';

export type DecodedReport = Record<string, number | boolean>;

/**
 * Decodes one input report. Axes: -1..1 (logical min..max), except Slider, Dial,
 * Throttle, Accelerator and Brake which rest at one end and give 0..1.
 * Buttons: booleans. Hat: -1 when centred (value outside the logical range), else 0..7
 * clockwise from up. Array inputs: every usage they can report, true when present.
 */
export function decodeReport(d: ParsedDescriptor, report: Uint8Array): DecodedReport {
  let reportId = 0;
  let payload = report;
  if (d.usesReportIds) {
    if (report.length === 0) throw new HidReportError('empty report, expected a report id byte');
    reportId = report[0] as number;
    payload = report.subarray(1);
  }
  const expected = d.reportLengths[reportId];
  if (expected === undefined) {
    throw new HidReportError(
      `unknown report id ${reportId}; descriptor declares input reports ${d.reportIds.join(', ')}`,
    );
  }
  if (report.length !== expected) {
    throw new HidReportError(`report ${reportId} is ${report.length} bytes, descriptor says ${expected}`);
  }
  const out: DecodedReport = {};
  for (const field of d.fields) {
    if (field.reportId !== reportId) continue;
    const value = readValue(payload, field);
    if (field.array) decodeArraySlot(field, value, out);
    else out[field.name] = decodeVariable(field, value);
  }
  return out;
}

function decodeVariable(field: HidField, value: number): number | boolean {
  const { logicalMin: min, logicalMax: max } = field;
  if (field.kind === 'button') return value !== 0;
  if (field.kind === 'hat') {
    if (value < min || value > max) return -1;
    const positions = max - min + 1;
    // A 4-position hat reports only the cardinal directions.
    return positions === 4 ? (value - min) * 2 : value - min;
  }
  if (max === min) return 0;
  const unit = (Math.min(Math.max(value, min), max) - min) / (max - min);
  return isOneSidedAxis(field.name) ? unit : unit * 2 - 1;
}

function decodeArraySlot(field: HidField, value: number, out: DecodedReport): void {
  const { usages, names } = field.array as NonNullable<HidField['array']>;
  for (const name of names) out[name] ??= false;
  const index = value - field.logicalMin;
  if (value < field.logicalMin || value > field.logicalMax || index >= usages.length) return;
  out[names[index] as string] = true;
}

function readValue(payload: Uint8Array, field: HidField): number {
  let raw = 0;
  for (let i = 0; i < field.bitSize; i++) {
    const bit = field.bitOffset + i;
    if (((payload[bit >> 3] as number) >> (bit & 7)) & 1) raw += 2 ** i;
  }
  if (field.signed && raw >= 2 ** (field.bitSize - 1)) raw -= 2 ** field.bitSize;
  return raw;
}
