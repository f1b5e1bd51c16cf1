/**
 * The Driver contract as tests, one suite run against every driver with its real peer (in the style of hono's
 * router tests): `driverContract('serial', makeRig)` in drivers/<kind>/contract.test.ts. A new driver's author
 * runs it first; a case that cannot apply is skipped with its reason written down (`skip`), never silently.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisconnectedError, type Driver } from '../runtime/core/driver.ts';
import type { Logger } from '../runtime/core/log.ts';
import type { DriverState, Signal, Value } from '../runtime/core/signals.ts';
import { memoryLogger } from '../test/helpers/log.ts';

/** a driver and the peer it talks to: a pty, a socket, an emulated board, a camera stream */
export interface DriverRig {
  driver: Driver;
  /** makes the peer send something that becomes at least one signal; a camera's footage moves by itself */
  stimulate(): Promise<void> | void;
  /** takes the device away as a pulled cable or a dead peer would; required unless `skip.lost` says why not */
  unplug?(): Promise<void> | void;
  /** frees the peer (the driver is closed by the suite) */
  cleanup?(): Promise<void> | void;
}

export type ContractCase = 'lost' | 'write' | 'reopen';

export interface DriverContractOptions {
  /** a case that does not apply to this driver, with the reason */
  skip?: Partial<Record<ContractCase, string>>;
  /** a write the open device takes, checked to resolve */
  write?: { channel: string; value: Value };
  /** how long a signal or a state may take to arrive (default 5000 ms) */
  timeoutMs?: number;
  /** how long "nothing more arrives" is watched (default 300 ms) */
  quietMs?: number;
}

interface Recorded {
  rig: DriverRig;
  driver: Driver;
  signals: Signal[];
  states: { state: DriverState; err?: Error }[];
  lines: { level: number; msg: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function driverContract(
  name: string,
  makeRig: (log: Logger) => Promise<DriverRig>,
  opts: DriverContractOptions = {},
): void {
  const timeout = opts.timeoutMs ?? 5000;
  const quiet = opts.quietMs ?? 300;
  const skip = opts.skip ?? {};
  const live: Recorded[] = [];

  async function rig(): Promise<Recorded> {
    const { log, lines } = memoryLogger();
    const r = await makeRig(log);
    const rec: Recorded = { rig: r, driver: r.driver, signals: [], states: [], lines };
    r.driver.onSignal((s) => rec.signals.push(s));
    r.driver.onState((state, err) => rec.states.push({ state, ...(err ? { err } : {}) }));
    live.push(rec);
    return rec;
  }

  const open = (d: Driver) => d.open(new AbortController().signal);
  const states = (r: Recorded) => r.states.map((s) => s.state);

  /** stimulates until a signal arrives (a peer may need a moment after open before what it sends is read) */
  async function signalFrom(r: Recorded): Promise<Signal> {
    const before = r.signals.length;
    return vi.waitFor(
      async () => {
        if (r.signals.length === before) await r.rig.stimulate();
        const s = r.signals[before];
        if (!s) throw new Error(`${name}: no signal yet`);
        return s;
      },
      { timeout, interval: 100 },
    );
  }

  afterEach(async () => {
    for (const r of live.splice(0)) {
      await r.driver.close();
      await r.rig.cleanup?.();
    }
  });

  describe(`${name}: the Driver contract`, () => {
    it('starts closed, reports opening then open, and refuses a second open while open', async () => {
      const r = await rig();
      expect(r.driver.state).toBe('closed');
      await open(r.driver);
      expect(r.driver.state).toBe('open');
      expect(states(r)).toEqual(['opening', 'open']);
      await expect(open(r.driver)).rejects.toThrow(new RegExp(`${r.driver.id}.*(open|close)`));
      expect(r.driver.state).toBe('open');
    });

    it('close is idempotent: before any open, twice at once, and again after', async () => {
      const r = await rig();
      await r.driver.close();
      expect(r.driver.state).toBe('closed');
      await open(r.driver);
      await Promise.all([r.driver.close(), r.driver.close()]);
      await r.driver.close();
      expect(r.driver.state).toBe('closed');
      expect(states(r)).toEqual(['opening', 'open', 'closing', 'closed']);
    });

    it('close during open aborts it cleanly: open rejects, the driver ends closed and never reports open', async () => {
      const r = await rig();
      const opening = open(r.driver);
      const outcome = opening.then(
        () => 'opened',
        (err: unknown) => err,
      );
      await r.driver.close();
      expect(await outcome).toBeInstanceOf(Error);
      expect(r.driver.state).toBe('closed');
      expect(states(r)).not.toContain('open');
      expect(states(r).at(-1)).toBe('closed');
      await sleep(quiet);
      expect(states(r).at(-1)).toBe('closed');
      expect(r.signals).toEqual([]);
    });

    it('an aborted open rejects with the reason and leaves the driver closed, ready to open', async () => {
      const r = await rig();
      const abort = new AbortController();
      const reason = new Error('the supervisor gave up');
      abort.abort(reason);
      await expect(r.driver.open(abort.signal)).rejects.toBe(reason);
      expect(r.driver.state).toBe('closed');
      await open(r.driver);
      expect(r.driver.state).toBe('open');
    });

    it('passes signals on only while open', async () => {
      const r = await rig();
      await open(r.driver);
      const s = await signalFrom(r);
      expect(typeof s.source).toBe('string');
      expect(typeof s.channel).toBe('string');
      expect(s.value).toBeDefined();
      expect(typeof s.t).toBe('number');
      await r.driver.close();
      const n = r.signals.length;
      await r.rig.stimulate();
      await sleep(quiet);
      expect(r.signals.length).toBe(n);
    });

    it('a listener that throws is logged once and keeps neither the others nor the driver from working', async () => {
      const r = await rig();
      r.driver.onSignal(() => {
        throw new Error('a broken signal listener');
      });
      r.driver.onState(() => {
        throw new Error('a broken state listener');
      });
      await open(r.driver);
      await signalFrom(r);
      await signalFrom(r);
      expect(states(r)).toEqual(['opening', 'open']);
      const logged = (what: string) => r.lines.filter((l) => l.msg.includes(what)).length;
      expect(logged('a broken signal listener')).toBe(1);
      expect(logged('a broken state listener')).toBe(1);
      await r.driver.close();
      expect(r.driver.state).toBe('closed');
    });

    it('an unsubscribed listener hears nothing more', async () => {
      const r = await rig();
      const heard: unknown[] = [];
      const offSignal = r.driver.onSignal((s) => heard.push(s));
      const offState = r.driver.onState((s) => heard.push(s));
      offSignal();
      offState();
      await open(r.driver);
      await signalFrom(r);
      await r.driver.close();
      expect(heard).toEqual([]);
    });

    it.skipIf(skip.write)(
      `write on a closed driver rejects, naming the driver and saying it is not open${skip.write ? ` (skipped: ${skip.write})` : ''}`,
      async () => {
        const r = await rig();
        const w = opts.write ?? { channel: 'anything', value: 1 };
        const write = r.driver.write?.bind(r.driver);
        if (!write) throw new Error(`${name}: the driver takes no writes; say so with skip.write`);
        await expect(write(w.channel, w.value)).rejects.toThrow(new RegExp(`${r.driver.id}.*not open`));
        if (!opts.write) return;
        await open(r.driver);
        await write(w.channel, w.value);
        await r.driver.close();
        await expect(write(w.channel, w.value)).rejects.toThrow(new RegExp(`${r.driver.id}.*not open`));
      },
    );

    it.skipIf(skip.reopen)(`opens again after close${skip.reopen ? ` (skipped: ${skip.reopen})` : ''}`, async () => {
      const r = await rig();
      await open(r.driver);
      await r.driver.close();
      await open(r.driver);
      await signalFrom(r);
      expect(states(r)).toEqual(['opening', 'open', 'closing', 'closed', 'opening', 'open']);
    });

    describe.skipIf(skip.lost)(`the loss of the device${skip.lost ? ` (skipped: ${skip.lost})` : ''}`, () => {
      const unplug = async (r: Recorded) => {
        if (!r.rig.unplug)
          throw new Error(`${name}: the rig cannot unplug its device; give it unplug() or say why not with skip.lost`);
        await r.rig.unplug();
      };

      it('is reported once, as a DisconnectedError, and nothing is passed on after it; close then closes', async () => {
        const r = await rig();
        await open(r.driver);
        await signalFrom(r);
        await unplug(r);
        await vi.waitFor(() => expect(r.driver.state).toBe('lost'), { timeout, interval: 20 });
        const n = r.signals.length;
        await sleep(quiet);
        const lost = r.states.filter((s) => s.state === 'lost');
        expect(lost).toHaveLength(1);
        expect(lost[0]!.err).toBeInstanceOf(DisconnectedError);
        expect(lost[0]!.err).toMatchObject({ disconnected: true });
        expect(r.signals.length).toBe(n);
        await r.driver.close();
        expect(states(r).slice(-3)).toEqual(['lost', 'closing', 'closed']);
      });

      it('is never reported by a driver that is not open', async () => {
        const r = await rig();
        await open(r.driver);
        await r.driver.close();
        await unplug(r);
        await sleep(Math.max(quiet, 1200));
        expect(states(r)).not.toContain('lost');
        expect(r.driver.state).toBe('closed');
      });
    });
  });
}
