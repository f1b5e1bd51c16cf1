/** 100,000 mutated packets: nothing but a counted MalformedPacket may come out, and the driver keeps working. */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { decodePacket, encodeMessage, MalformedPacket } from './codec.ts';
import { OscDriver } from './driver.ts';
import { rawBundle, rawMessage } from '../../test/rigs/osc.ts';
import { oscSchema } from './schema.ts';

/** a small deterministic PRNG, so a failure can be replayed */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const seeds: Buffer[] = [
  Buffer.from(encodeMessage('/nacre/move', [0.5, -0.25])),
  Buffer.from(encodeMessage('/nacre/prompt', ['a kitten runs to the girl'])),
  Buffer.from(encodeMessage('/nacre/blackout', [true])),
  rawMessage('/a', 1, 2, 3),
  rawBundle(rawMessage('/a', 1), rawBundle(rawMessage('/b', 2), rawBundle(rawMessage('/c', 3)))),
];

function mutate(base: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(base);
  switch (Math.floor(rnd() * 6)) {
    case 0: // flip bits
      for (let k = 0; k < 1 + rnd() * 4; k++) b[Math.floor(rnd() * b.length)]! ^= 1 << Math.floor(rnd() * 8);
      return b;
    case 1: // truncate
      return b.subarray(0, Math.floor(rnd() * b.length));
    case 2: // random bytes in place
      for (let k = 0; k < 1 + rnd() * 8; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      return b;
    case 3: // a size or length field replaced by an extreme
      if (b.length >= 20)
        b.writeInt32BE(
          [0, -1, 4, 0x7fffffff, -0x80000000, b.length][Math.floor(rnd() * 6)]!,
          16 + 4 * Math.floor(rnd() * ((b.length - 16) / 4)),
        );
      return b;
    case 4: // extend with garbage
      return Buffer.concat([
        b,
        Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))),
      ]);
    default: // pure noise
      return Buffer.from(Array.from({ length: Math.floor(rnd() * 96) }, () => Math.floor(rnd() * 256)));
  }
}

describe('OSC fuzz', () => {
  it('decodes 100,000 mutated packets without any error but MalformedPacket', () => {
    const rnd = prng(20261125);
    let malformed = 0;
    for (let i = 0; i < 100_000; i++) {
      const packet = mutate(seeds[i % seeds.length]!, rnd);
      try {
        const messages = decodePacket(packet);
        for (const m of messages) expect(m.address.startsWith('/')).toBe(true);
      } catch (err) {
        if (!(err instanceof MalformedPacket))
          throw new Error(`packet ${packet.toString('hex')} threw ${(err as Error).stack}`);
        malformed++;
      }
    }
    expect(malformed).toBeGreaterThan(50_000);
  });

  it('the real socket takes 3,000 mutated datagrams and still applies the next good message', async () => {
    const driver = new OscDriver(oscSchema.parse({ udp: { port: 0 }, maxPerSecond: 1e6 }), silentLogger());
    const got: string[] = [];
    driver.onSignal((s) => got.push(s.channel));
    await driver.open(new AbortController().signal);
    const socket = createSocket('udp4');
    const send = (b: Uint8Array) => new Promise<void>((r) => socket.send(b, driver.udpPort!, '127.0.0.1', () => r()));
    const rnd = prng(7);
    for (let i = 0; i < 3000; i++) {
      await send(mutate(seeds[i % seeds.length]!, rnd));
      if (i % 200 === 199) await new Promise((r) => setTimeout(r, 10)); // paced: UDP may drop what a full buffer cannot hold
    }
    for (let i = 0; i < 40 && !got.includes('/still/here'); i++) {
      await send(rawMessage('/still/here', 1));
      await new Promise((r) => setTimeout(r, 50));
    }
    socket.close();
    expect(driver.state).toBe('open');
    expect(got).toContain('/still/here');
    expect(driver.counters.malformed + driver.counters.messages).toBeGreaterThan(2900);
    await driver.close();
  });
});
