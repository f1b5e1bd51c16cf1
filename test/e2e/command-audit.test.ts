/**
 * Commands that reach the runtime through the HTTP API (from this machine: "loopback") and the OSC dictionary
 * (by the sender's address and port) are in the audit log; the conditions a desk streams are not.
 */
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { rawMessage } from '../rigs/osc.ts';
import { startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let port: number;
const desk = createSocket('udp4');

beforeAll(async () => {
  await new Promise<void>((r) => desk.bind(0, '127.0.0.1', () => r()));
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
  port = probe.address().port;
  await new Promise<void>((r) => probe.close(() => r()));
  ({ runtime, url } = await startRuntime({ osc: { udp: { address: '127.0.0.1', port }, maxPerSecond: 10_000 } }));
  await until(async () => (await status(url)).drivers.find((d) => d.id === 'osc')?.state === 'open', 'OSC open');
});

afterAll(async () => {
  desk.close();
  await runtime?.close();
});

const messages = () => status(url).then((s) => s.drivers.find((d) => d.id === 'osc')?.counters?.messages ?? 0);
const send = (packet: Buffer) => new Promise((resolve) => desk.send(packet, port, '127.0.0.1', resolve));

it('an HTTP command from this machine is audited as loopback, with what it asked', async () => {
  const res = await fetch(`${url}/api/commands/instruct`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'a calm sea' }),
  });
  expect(res.status).toBe(200);
  expect(runtime.audit!.history().find((e) => e.via === 'http')).toMatchObject({
    user: 'loopback',
    address: '127.0.0.1',
    action: 'instruct',
    detail: 'text: a calm sea',
  });
});

it('an OSC desk streaming moves and repeating a blackout leaves one blackout entry with its sender', async () => {
  const before = await messages();
  for (let i = 0; i < 30; i++) {
    await send(rawMessage('/nacre/move', 0, 1));
    if (i % 3 === 0) await send(rawMessage('/nacre/blackout', 1));
  }
  // every packet heard (40 small datagrams on loopback fit the socket's buffer)
  await until(async () => (await messages()) - before >= 40, 'the desk heard');
  await until(async () => (await status(url)).blackout, 'blackout on');
  const osc = runtime.audit!.history().filter((e) => e.via === 'osc');
  expect(osc).toEqual([
    expect.objectContaining({ user: 'osc', address: `127.0.0.1:${desk.address().port}`, action: '/nacre/blackout' }),
  ]);
  await runtime.audit!.flushed();
  const file = await readFile(runtime.audit!.file, 'utf8');
  expect(file).toContain('"action":"/nacre/blackout"');
  expect(file).not.toContain('/nacre/move');
});
