/** Show control over OSC against the whole runtime: liblo's oscsend in, oscdump for the feedback. */
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { futureBundle, oscdump, oscsend, rawMessage } from '../rigs/osc.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let runtime: Runtime;
let url: string;
let port: number;
let dump: ReturnType<typeof oscdump>;

beforeAll(async () => {
  port = await freePort();
  const feedback = await freePort();
  dump = oscdump(feedback);
  ({ runtime, url } = await startRuntime({
    osc: {
      udp: { address: '127.0.0.1', port },
      feedback: { address: '127.0.0.1', port: feedback },
      maxPerSecond: 20,
      maxScheduled: 10,
    },
  }));
  await until(
    async () =>
      (await status(url)).drivers.some((d: { id: string; state: string }) => d.id === 'osc' && d.state === 'open'),
    'OSC open',
  );
});

afterAll(async () => {
  dump?.stop();
  await runtime?.close();
});

it('in attract mode a cue from the desk holds over the autopilot, without starting a visit', async () => {
  expect((await status(url)).session.phase).toBe('attract');
  await oscsend(port, '/nacre/move', 'ff', 0, 1);
  const held = await until(async () => {
    const s = await status(url);
    return s.conditions.move[1] === 1 && s;
  }, 'the cue in the conditions the model gets');
  // the autopilot still flies what the cue does not hold, and the kiosk waits for a visitor as before
  expect(held.conditions.actions.fly).toBe(true);
  expect(held.conditions.move[0]).toBe(0);
  expect(held.session.phase).toBe('attract');
  await oscsend(port, '/nacre/move');
  await until(async () => (await status(url)).conditions.move[1] === 0.55, 'the autopilot back once released');
});

it('a desk starts the session, walks the world as a cue, changes the mood, and hears back', async () => {
  await oscsend(port, '/nacre/session/start');
  await until(async () => (await status(url)).session.phase === 'active', 'session started over OSC');
  await oscsend(port, '/nacre/move', 'ff', 0, 0.5);
  await until(async () => (await status(url)).conditions.move[1] === 0.5, 'move from OSC');
  await oscsend(port, '/nacre/prompt', 's', 'make it snow');
  await until(async () => (await status(url)).model.style === 'snow', 'snow');
  await until(
    () => dump.lines.some((l) => l.includes('/nacre/prompt/current') && l.includes('make it snow')),
    'prompt feedback',
  );
  expect(dump.lines.some((l) => l.includes('/nacre/session/state') && l.includes('active'))).toBe(true);
  await oscsend(port, '/nacre/release');
  await until(async () => (await status(url)).conditions.move[1] === 0, 'released');
  await oscsend(port, '/nacre/blackout', 'i', 1);
  await until(async () => (await status(url)).blackout === true, 'blackout over OSC');
});

it('a malformed packet changes nothing, and the next good message is applied', async () => {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.send(Buffer.from('not osc at all!!'), port, '127.0.0.1', () => r()));
  s.close();
  await oscsend(port, '/nacre/blackout', 'i', 0);
  await until(async () => (await status(url)).blackout === false, 'the next good message applied');
});

it('malformed, limited, scheduled, dropped and refused-verb counts are in /api/status and /metrics', async () => {
  const s = createSocket('udp4');
  const send = (b: Buffer) => new Promise<void>((r) => s.send(b, port, '127.0.0.1', () => r()));
  await send(Buffer.from('garbage!'));
  for (let i = 0; i < 60; i++) await send(rawMessage('/fader', i));
  for (let i = 0; i < 15; i++) await send(futureBundle(30, rawMessage('/later', i)));
  await send(rawMessage('/nacre/action/made-up-verb', 1));
  s.close();
  const counters = await until(async () => {
    const c = (await status(url)).drivers.find((d) => d.id === 'osc')?.counters;
    return c && c.dropped === 5 && c.verbsRefused === 1 && c;
  }, 'OSC counters in /api/status');
  expect(counters).toMatchObject({ scheduled: 10, dropped: 5, verbsRefused: 1 });
  expect(counters.malformed).toBeGreaterThanOrEqual(1);
  expect(counters.limited).toBeGreaterThan(0);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  expect(metrics).toMatch(/nacre_device_events\{device="osc",kind="osc",counter="dropped"\} 5/);
  expect(metrics).toMatch(/nacre_device_events\{device="osc",kind="osc",counter="malformed"\} [1-9]/);
  expect(metrics).toMatch(/nacre_device_events\{device="osc",kind="osc",counter="limited"\} [1-9]/);
  expect(metrics).toMatch(/nacre_device_events\{device="osc",kind="osc",counter="scheduled"\} 10/);
});
