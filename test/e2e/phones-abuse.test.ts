/**
 * Phones that misbehave: too many connections from one address, a flood of messages, a 1 MB message, invalid
 * UTF-8. Each is refused, counted in /api/status, and the kiosk goes on: the loop keeps stepping and a
 * well-behaved phone still gets its suggestion to the model.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SuggestAck } from '../../runtime/phones/protocol.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let open: Socket[] = [];

const connect = (): Socket => {
  const s = io(`${url}/phones`, { transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(s);
  return s;
};
async function phone(): Promise<Socket> {
  const s = connect();
  await until(() => s.connected, 'a phone connected');
  return s;
}
const suggest = (s: Socket, text: string) => new Promise<SuggestAck>((resolve) => s.emit('suggest', text, resolve));
const phones = async () => (await status(url)).phones!;

/** the kiosk unaffected: the loop still steps, and a phone that behaves still reaches the model */
async function kioskStillWorks(text: string, style: string): Promise<void> {
  const steps = (await status(url)).model.steps;
  const good = await phone();
  expect(await suggest(good, text)).toEqual({ ok: true, status: 'sent' });
  await until(async () => (await status(url)).model.style === style, `the ${style} style from a phone that behaves`);
  await until(async () => (await status(url)).model.steps > steps + 10, 'the loop stepping on');
}

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({
    phones: {
      enabled: true,
      moderation: { mode: 'auto', cooldownSeconds: 0, perMinute: 600 },
      limits: { connectionsPerAddress: 4, messagesPerSecond: 5 },
    },
  }));
});

afterEach(async () => {
  for (const s of open) s.close();
  open = [];
  await until(async () => (await phones()).connected === 0, 'every phone gone');
});

afterAll(async () => {
  await runtime?.close();
});

describe('phones that misbehave', () => {
  it('refuses more phones from one address than the limit, counts them, and admits again once some leave', async () => {
    const sockets = Array.from({ length: 8 }, connect);
    const results = await Promise.all(
      sockets.map(
        (s) =>
          new Promise<string>((resolve) => {
            s.on('connect', () => resolve('connected'));
            s.on('connect_error', (err) => resolve(err.message));
          }),
      ),
    );
    expect(results.filter((r) => r === 'connected')).toHaveLength(4);
    expect(results.filter((r) => r === 'too many phones from this address')).toHaveLength(4);
    expect((await phones()).refusedConnections.address).toBe(4);
    sockets.find((s) => s.connected)!.close();
    await until(async () => (await phones()).connected === 3, 'one left');
    await phone();
  });

  it('drops a flood of messages, cuts the phone off if it keeps on, and counts both', async () => {
    const flooder = await phone();
    const acks: unknown[] = [];
    for (let i = 0; i < 400 && flooder.connected; i++) flooder.emit('vote', 1, 0, (a: unknown) => acks.push(a));
    await until(() => !flooder.connected, 'the flooding phone cut off');
    const p = await phones();
    expect(p.dropped.flood).toBeGreaterThanOrEqual(50);
    expect(p.dropped['cut-off-flood']).toBe(1);
    expect(acks).toContainEqual({ ok: false, reason: 'slow-down' });
    await kioskStillWorks('a golden sunset', 'sunset');
  });

  it('a 1 MB message closes that phone only; it is counted and nothing of it reaches the model', async () => {
    const before = runtime.commands.history().length;
    const big = await phone();
    big.emit('suggest', `a starry night ${'x'.repeat(1_000_000)}`);
    await until(() => !big.connected, 'the phone with the 1 MB message closed');
    await until(async () => (await phones()).dropped.oversize === 1, 'counted as oversize');
    expect(runtime.commands.history().length).toBe(before);
    // under the transport's limit, the moderator's length limit refuses it
    expect(await suggest(await phone(), 'y'.repeat(50_000))).toEqual({ ok: false, reason: 'too-long' });
    await kioskStillWorks('a starry night', 'night');
  });

  it('invalid UTF-8 on the wire closes that phone; a lone surrogate in a suggestion is refused; both counted', async () => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const closed = new Promise<number>((resolve) => ws.on('close', resolve));
    ws.on('message', (m: Buffer) => {
      const packet = m.toString();
      if (packet.startsWith('0{')) ws.send('40/phones,');
      if (packet.startsWith('40/phones')) {
        const bad = Buffer.from([0xff, 0xfe, 0xc3]);
        ws.send(Buffer.concat([Buffer.from('42/phones,["suggest","'), bad, Buffer.from('"]')]), { binary: false });
      }
    });
    expect(await closed).toBe(1007); // the WebSocket close code for data that is not UTF-8
    await until(async () => (await phones()).dropped['invalid-utf8'] === 1, 'counted as invalid UTF-8');

    const lone = await phone();
    expect(await suggest(lone, 'make it \ud800 snow')).toEqual({ ok: false, reason: 'invalid' });
    expect((await phones()).suggestions.invalid).toBe(1);
    await kioskStillWorks('a misty rain', 'mist');
  });
});
