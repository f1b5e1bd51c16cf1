import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import slip from 'slip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { Signal } from '../../runtime/core/signals.ts';
import { OscDriver } from './driver.ts';
import { futureBundle, libloBundle, oscdump, oscsend, rawBundle, rawMessage } from '../../test/rigs/osc.ts';
import { oscSchema } from './schema.ts';

const open: OscDriver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

async function driver(config: Record<string, unknown> = {}) {
  const d = new OscDriver(oscSchema.parse({ udp: { port: 0 }, ...config }), silentLogger());
  const signals: Signal[] = [];
  d.onSignal((s) => signals.push(s));
  await d.open(new AbortController().signal);
  open.push(d);
  return { d, signals, port: d.udpPort! };
}

function udp(port: number, data: Uint8Array): Promise<void> {
  const s = createSocket('udp4');
  return new Promise((resolve) =>
    s.send(data, port, '127.0.0.1', () => {
      s.close();
      resolve();
    }),
  );
}

describe('OSC over UDP, against liblo', () => {
  it('turns oscsend messages of every common type into signals from that sender', async () => {
    const { signals, port } = await driver();
    await oscsend(port, '/nacre/move', 'ff', 0.5, -0.25);
    await oscsend(port, '/nacre/prompt', 's', 'a kitten runs to the girl');
    await oscsend(port, '/nacre/action/jump', 'i', 1);
    await oscsend(port, '/nacre/session/start');
    await oscsend(port, '/flag', 'T');
    await vi.waitFor(() => expect(signals.length, 'five signals').toBe(5), { timeout: 5000, interval: 20 });
    expect(signals.map((s) => [s.channel, s.value])).toEqual([
      ['/nacre/move', [0.5, -0.25]],
      ['/nacre/prompt', 'a kitten runs to the girl'],
      ['/nacre/action/jump', 1],
      ['/nacre/session/start', true],
      ['/flag', true],
    ]);
    expect(signals[0]!.source).toMatch(/^osc:127\.0\.0\.1:\d+$/);
  });

  it('applies bundles at once, and a bundle time-tagged for later after what was sent after it', async () => {
    const { d, signals, port } = await driver();
    await libloBundle(port, 0.4, [
      ['/later', 1],
      ['/later', 2],
    ]);
    await libloBundle(port, 0, [['/now', 3]]);
    await vi.waitFor(() => expect(signals.length, 'all three').toBe(3), { timeout: 5000, interval: 20 });
    expect(signals.map((s) => [s.channel, s.value])).toEqual([
      ['/now', 3],
      ['/later', 1],
      ['/later', 2],
    ]);
    expect(d.counters.scheduled).toBe(2);
  });

  it('holds at most maxScheduled time-tagged messages: the others are dropped and counted', async () => {
    const { d, port } = await driver({ maxScheduled: 50 });
    for (let i = 0; i < 200; i++) await udp(port, futureBundle(30, rawMessage('/later', i)));
    await vi.waitFor(() => expect(d.counters.scheduled + d.counters.dropped).toBe(200), {
      timeout: 5000,
      interval: 20,
    });
    expect(d.counters).toMatchObject({ scheduled: 50, dropped: 150 });
    expect(d.waiting.count).toBe(50);
  });

  it('holds at most maxScheduledBytes of them, and frees their room when they are due', async () => {
    const { d, port, signals } = await driver({ maxScheduledBytes: 1024 });
    const big = rawMessage('/x'.padEnd(200, 'x'), 1); // 208 bytes
    for (let i = 0; i < 10; i++) await udp(port, futureBundle(0.3, big));
    await vi.waitFor(() => expect(d.counters.scheduled + d.counters.dropped).toBe(10), { timeout: 5000, interval: 20 });
    expect(d.counters).toMatchObject({ scheduled: 4, dropped: 6 });
    await vi.waitFor(() => expect(signals.length).toBe(4), { timeout: 5000, interval: 20 });
    expect(d.waiting).toEqual({ count: 0, bytes: 0 });
  });

  it('walks nested bundles', async () => {
    const { signals, port } = await driver();
    await udp(port, rawBundle(rawMessage('/a', 1), rawBundle(rawMessage('/b', 2), rawBundle(rawMessage('/c', 3)))));
    await vi.waitFor(() => expect(signals.length, 'three messages').toBe(3), { timeout: 5000, interval: 20 });
    expect(signals.map((s) => s.channel)).toEqual(['/a', '/b', '/c']);
  });

  it('counts every malformed datagram, never throws, and applies the next good message', async () => {
    const { d, signals, port } = await driver();
    const good = rawMessage('/ok', 7);
    const bad = [
      Buffer.from('garbage!'),
      Buffer.from([0x2f, 0x61, 0, 0, 0x2c, 0x69, 0, 0]), // "/a" ",i" with its int missing
      Buffer.concat([rawMessage('/x').subarray(0, 4), Buffer.from(',q\0\0')]), // unknown type tag
      (() => {
        const b = rawBundle(good);
        b.writeInt32BE(4096, 16);
        return b;
      })(), // element longer than the packet
      rawMessage('/t', 1).subarray(0, 10), // truncated
      Buffer.alloc(0),
    ];
    for (const b of bad) await udp(port, b);
    await oscsend(port, '/ok', 'i', 7);
    await vi.waitFor(() => expect(signals.length, 'the good message').toBe(1), { timeout: 5000, interval: 20 });
    expect(signals[0]!.value).toBe(7);
    expect(d.counters.malformed).toBe(bad.length);
  });

  it('refuses senders outside the allow-list', async () => {
    const { d, signals, port } = await driver({ allow: ['192.0.2.7'] });
    await oscsend(port, '/x', 'i', 1);
    await vi.waitFor(() => expect(d.counters.refused, 'refused').toBe(1), { timeout: 5000, interval: 20 });
    expect(signals).toEqual([]);
  });

  it('rate-limits each address on its own', async () => {
    const { d, signals, port } = await driver({ maxPerSecond: 20 });
    for (let i = 0; i < 200; i++) await udp(port, rawMessage('/fader', i));
    await udp(port, rawMessage('/other', 1));
    await vi.waitFor(
      () =>
        expect(
          signals.some((s) => s.channel === '/other'),
          'the other address',
        ).toBe(true),
      { timeout: 5000, interval: 20 },
    );
    const fader = signals.filter((s) => s.channel === '/fader').length;
    expect(fader).toBeLessThan(200);
    expect(fader).toBeGreaterThanOrEqual(20);
    expect(d.counters.limited).toBe(200 - fader);
  });

  it('sends feedback to the configured controller (oscdump receives it)', async () => {
    const listenPort = 20000 + Math.floor(Math.random() * 20000);
    const dump = oscdump(listenPort);
    try {
      const { d } = await driver({ feedback: { address: '127.0.0.1', port: listenPort } });
      await vi.waitFor(() => expect(dump.process.pid !== undefined, 'oscdump').toBe(true), {
        timeout: 5000,
        interval: 20,
      });
      for (let i = 0; i < 20 && !dump.lines.length; i++) {
        await d.write('/nacre/session/state', 'active');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(dump.lines.some((l) => /\/nacre\/session\/state s "?active"?/.test(l))).toBe(true);
    } finally {
      dump.stop();
    }
  });

  it('refuses to start on a port already taken, with a clear error', async () => {
    const { port } = await driver();
    const second = new OscDriver(oscSchema.parse({ udp: { port } }), silentLogger());
    await expect(second.open(new AbortController().signal)).rejects.toThrow(/OSC cannot listen: .*EADDRINUSE/);
    await second.close();
  });
});

describe('OSC over TCP (SLIP framed)', () => {
  it('reads SLIP frames split across TCP chunks, and survives a garbage frame', async () => {
    const { d, signals } = await driver({ tcp: { address: '127.0.0.1', port: 0 } });
    const socket = connect(d.tcpPort!, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const frames = Buffer.concat([
      slip.encode(rawMessage('/one', 1)),
      slip.encode(Buffer.from('nonsense')),
      slip.encode(rawMessage('/two', 2)),
    ]);
    socket.write(frames.subarray(0, 7));
    await new Promise((r) => setTimeout(r, 50));
    socket.write(frames.subarray(7));
    await vi.waitFor(() => expect(signals.length, 'two messages').toBe(2), { timeout: 5000, interval: 20 });
    socket.destroy();
    expect(signals.map((s) => [s.channel, s.value])).toEqual([
      ['/one', 1],
      ['/two', 2],
    ]);
    expect(d.counters.malformed).toBe(1);
  });
});
