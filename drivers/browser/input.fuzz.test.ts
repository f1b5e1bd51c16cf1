/** Property-based fuzzing (fast-check) of what display pages send: anything a socket can carry. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { Signal } from '../../runtime/core/signals.ts';
import { BrowserInputDriver } from './driver.ts';
import { fuzzRuns } from '../../test/helpers/fuzz-runs.ts';

const input = fc.oneof(
  fc.anything(),
  fc.record({ kind: fc.constantFrom('key', 'touch', 'pad', 'release-all'), code: fc.anything(), down: fc.anything() }),
  fc.record({
    kind: fc.constant('pad'),
    pad: fc.oneof(fc.integer(), fc.double()),
    channel: fc.string(),
    value: fc.oneof(fc.double(), fc.boolean(), fc.array(fc.double(), { maxLength: 3 })),
  }),
);

describe('page input, fuzzed', () => {
  it('never throws; whatever passes is a signal with a bounded channel and a finite, bounded value', () => {
    fc.assert(
      fc.property(fc.array(input, { maxLength: 20 }), (inputs) => {
        const d = new BrowserInputDriver({ log: silentLogger() });
        const signals: Signal[] = [];
        d.onSignal((s) => signals.push(s));
        for (const i of inputs) d.handle('p', i);
        d.release('p');
        for (const s of signals) {
          expect(s.channel.length).toBeLessThanOrEqual(40);
          const values = Array.isArray(s.value) ? s.value : [s.value];
          for (const v of values) if (typeof v === 'number') expect(Math.abs(v)).toBeLessThanOrEqual(1);
        }
      }),
      fuzzRuns(2000),
    );
  });
});
