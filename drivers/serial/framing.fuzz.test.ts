/** Property-based fuzzing (fast-check) of serial framing (lines, SLIP, COBS) and records. */
import fc from 'fast-check';
import slip from 'slip';
import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode, CobsFramer, LineFramer, SlipFramer, type FrameSink } from './framing.ts';
import { BadRecord, parseCsv, parseJson, parseKv } from './records.ts';
import { fuzzRuns } from '../../test/helpers/fuzz-runs.ts';

const RUNS = fuzzRuns(2000);

function sink() {
  const frames: Uint8Array[] = [];
  let garbage = 0;
  const s: FrameSink = { frame: (f) => frames.push(f), garbage: () => garbage++ };
  return { s, frames, garbage: () => garbage };
}

const chunks = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 });

describe('serial framing, fuzzed', () => {
  it('COBS: what is encoded decodes to itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (data) => {
        expect(cobsDecode([...cobsEncode(data)].slice(0, -1))).toEqual(data); // cobsEncode ends the frame with its 0x00
      }),
      RUNS,
    );
  });

  it('COBS frames split anywhere come out whole, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 50 }), { maxLength: 8 }),
        fc.nat(),
        (frames, cut) => {
          const stream = Buffer.concat(frames.map((f) => Buffer.from(cobsEncode(f))));
          const { s, frames: out } = sink();
          const framer = new CobsFramer(s);
          const at = stream.length ? cut % stream.length : 0;
          framer.push(stream.subarray(0, at));
          framer.push(stream.subarray(at));
          expect(out).toEqual(frames);
        },
      ),
      RUNS,
    );
  });

  it('any byte stream: lines never over their limit, SLIP and COBS never throw', () => {
    fc.assert(
      fc.property(chunks, (cs) => {
        const lines = sink();
        const lineFramer = new LineFramer(32, lines.s);
        const slipFramer = new SlipFramer(sink().s);
        const cobsFramer = new CobsFramer(sink().s);
        for (const c of cs) {
          lineFramer.push(c);
          slipFramer.push(c);
          cobsFramer.push(c);
        }
        for (const f of lines.frames) expect(f.length).toBeLessThanOrEqual(32);
      }),
      RUNS,
    );
  });

  it('SLIP frames come out as they went in', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 80 }), { maxLength: 6 }), (frames) => {
        const { s, frames: out } = sink();
        const framer = new SlipFramer(s);
        for (const f of frames) framer.push(slip.encode(f));
        expect(out).toEqual(frames);
      }),
      RUNS,
    );
  });

  it('records: any text line parses or is a BadRecord', () => {
    const line = fc.string({ maxLength: 120 });
    fc.assert(
      fc.property(line, (l) => {
        for (const parse of [parseKv, (x: string) => parseCsv(x, ['a', 'b', 'c']), parseJson]) {
          try {
            parse(l);
          } catch (err) {
            expect(err).toBeInstanceOf(BadRecord);
          }
        }
      }),
      RUNS,
    );
  });
});
