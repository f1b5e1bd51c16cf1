/** Property-based fuzzing (fast-check) of the OSC decoder: whatever arrives, a list of messages or a MalformedPacket. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawBundle, rawMessage } from '../../test/rigs/osc.ts';
import { decodePacket, encodeMessage, MalformedPacket } from './codec.ts';
import { fuzzRuns } from '../../test/helpers/fuzz-runs.ts';

const RUNS = fuzzRuns(2000);

function decodesOrRefuses(bytes: Uint8Array): void {
  try {
    for (const m of decodePacket(bytes)) expect(m.address.startsWith('/')).toBe(true);
  } catch (err) {
    expect(err).toBeInstanceOf(MalformedPacket);
  }
}

const address = fc.stringMatching(/^\/[a-z0-9_/-]{1,30}$/);
const arg = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')),
  fc.boolean(),
);

describe('OSC decoder, fuzzed', () => {
  it('any bytes: messages or a MalformedPacket, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (b) => decodesOrRefuses(b)),
      RUNS,
    );
  });

  it('bytes that start like a message or a bundle: the same', () => {
    const head = fc.constantFrom(Buffer.from('/a\0\0'), Buffer.from('#bundle\0'));
    fc.assert(
      fc.property(head, fc.uint8Array({ maxLength: 200 }), (h, tail) => decodesOrRefuses(Buffer.concat([h, tail]))),
      RUNS,
    );
  });

  it('valid bundles with a byte changed: the same', () => {
    const packet = fc
      .array(fc.tuple(address, fc.integer()), { minLength: 1, maxLength: 4 })
      .map((ms) => rawBundle(...ms.map(([a, i]) => rawMessage(a, i))));
    fc.assert(
      fc.property(packet, fc.nat(), fc.integer({ min: 0, max: 255 }), (p, at, v) => {
        const b = Buffer.from(p);
        b[at % b.length] = v;
        decodesOrRefuses(b);
      }),
      RUNS,
    );
  });

  it('what the encoder writes decodes to the same address and arguments', () => {
    fc.assert(
      fc.property(address, fc.array(arg, { maxLength: 6 }), (a, args) => {
        const [m] = decodePacket(encodeMessage(a, args));
        expect(m?.address).toBe(a);
        expect(m?.args).toEqual(args);
      }),
      RUNS,
    );
  });
});
