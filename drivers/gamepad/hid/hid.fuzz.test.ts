/** Property-based fuzzing (fast-check) of the HID descriptor parser and report decoder. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeReport } from './decode.ts';
import { DS4_BLUETOOTH, HOWLER_JOYSTICK, PS3_USB } from './fixtures.ts';
import { parseReportDescriptor } from './parser.ts';
import { HidDescriptorError, HidReportError, type ParsedDescriptor } from './types.ts';
import { fuzzRuns } from '../../../test/helpers/fuzz-runs.ts';

const RUNS = fuzzRuns(1000);

function parseOrRefuse(bytes: Uint8Array): ParsedDescriptor | undefined {
  try {
    const d = parseReportDescriptor(bytes);
    // every field lies inside its report
    for (const f of d.fields) {
      const length = d.reportLengths[f.reportId]! - (d.usesReportIds ? 1 : 0);
      expect(f.bitOffset + f.bitSize).toBeLessThanOrEqual(length * 8);
    }
    return d;
  } catch (err) {
    expect(err).toBeInstanceOf(HidDescriptorError);
    return undefined;
  }
}

function decodeOrRefuse(d: ParsedDescriptor, report: Uint8Array): void {
  try {
    const out = decodeReport(d, report);
    for (const v of Object.values(out)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  } catch (err) {
    expect(err).toBeInstanceOf(HidReportError);
  }
}

const real = fc.constantFrom(PS3_USB, DS4_BLUETOOTH, HOWLER_JOYSTICK);

describe('HID parser and decoder, fuzzed', () => {
  it('any bytes as a descriptor: parsed fields inside their reports, or a HidDescriptorError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void parseOrRefuse(b)),
      RUNS,
    );
  });

  it('real descriptors with bytes changed: the same', () => {
    fc.assert(
      fc.property(
        real,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (d, edits) => {
          const b = Uint8Array.from(d);
          for (const [at, v] of edits) b[at % b.length] = v;
          parseOrRefuse(b);
        },
      ),
      RUNS,
    );
  });

  it('any report against a real descriptor: decoded finite values, or a HidReportError', () => {
    fc.assert(
      fc.property(real, fc.uint8Array({ maxLength: 80 }), (d, report) =>
        decodeOrRefuse(parseReportDescriptor(d), report),
      ),
      RUNS,
    );
  });
});
