/**
 * The Output contract as tests, one suite run against every output with its real consumer (a display page's
 * socket, a PulseAudio daemon): `outputContract('speaker', makeRig)` in displays/<kind>/contract.test.ts. A new
 * output's author runs it first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../runtime/core/log.ts';
import type { Output, OutputState } from '../runtime/core/output.ts';
import { memoryLogger } from '../test/helpers/log.ts';

export interface OutputRig {
  output: Output;
  /** brings the output to 'open' as its consumer would: a page connects, a first chunk starts the player */
  connect(): Promise<void>;
  /** hands the output one of what it presents (a frame, an audio chunk), as the loop does */
  present(): void;
  /** frees the consumer (the output is closed by the suite) */
  cleanup?(): Promise<void> | void;
}

const FLOOD = 200;

export function outputContract(name: string, makeRig: (log: Logger) => Promise<OutputRig>): void {
  const live: { rig: OutputRig; output: Output }[] = [];

  async function rig() {
    const { log, lines } = memoryLogger();
    const r = await makeRig(log);
    const states: OutputState[] = [];
    r.output.onState((s) => states.push(s));
    live.push({ rig: r, output: r.output });
    return { ...r, states, lines };
  }

  /** presents `n` times back to back, as fast as the loop could (how long that takes is `npm run bench`'s business) */
  function flood(r: OutputRig, n: number): void {
    for (let i = 0; i < n; i++) r.present();
  }

  afterEach(async () => {
    for (const { rig: r, output } of live.splice(0)) {
      await output.close();
      await r.cleanup?.();
    }
  });

  describe(`${name}: the Output contract`, () => {
    it('present never throws: before it is open, flooded while open, and after close', async () => {
      const r = await rig();
      expect(() => flood(r, 5)).not.toThrow();
      await r.connect();
      expect(r.output.state).toBe('open');
      expect(() => flood(r, FLOOD)).not.toThrow();
      await r.output.close();
      expect(() => flood(r, 5)).not.toThrow();
      expect(r.output.state).toBe('closed');
    });

    it('drops instead of queueing, and counts it: every present while open is either presented or dropped', async () => {
      const r = await rig();
      await r.connect();
      const before = r.output.stats();
      flood(r, FLOOD);
      const after = r.output.stats();
      expect(after.presented - before.presented + (after.dropped - before.dropped)).toBe(FLOOD);
      expect(after.dropped).toBeGreaterThan(before.dropped);
      expect(after.presented).toBeGreaterThan(before.presented);
    });

    it('close is idempotent: twice at once and again after, ending closed, reported once', async () => {
      const r = await rig();
      await r.connect();
      await Promise.all([r.output.close(), r.output.close()]);
      await r.output.close();
      expect(r.output.state).toBe('closed');
      expect(r.states.at(-1)).toBe('closed');
      expect(r.states.filter((s) => s === 'closed')).toHaveLength(1);
    });

    it('close before it ever opened ends closed too', async () => {
      const r = await rig();
      await r.output.close();
      await r.output.close();
      expect(r.output.state).toBe('closed');
    });

    it('state listeners hear it open; one that throws is logged once and stops neither the others nor the output', async () => {
      const r = await rig();
      r.output.onState(() => {
        throw new Error('a broken state listener');
      });
      const unheard: OutputState[] = [];
      r.output.onState((s) => unheard.push(s))();
      await r.connect();
      expect(r.states).toContain('open');
      flood(r, 5);
      await r.output.close();
      expect(r.states.at(-1)).toBe('closed');
      expect(unheard).toEqual([]);
      expect(r.lines.filter((l) => l.msg.includes('a broken state listener'))).toHaveLength(1);
    });
  });
}

/** waits for an output to report `state` */
export function untilState(output: Output, state: OutputState, timeout = 10_000): Promise<void> {
  return vi.waitFor(() => expect(output.state).toBe(state), { timeout, interval: 20 });
}
