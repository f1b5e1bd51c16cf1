/**
 * Config hot reload against a whole runtime whose config is a YAML file on disk, during a visit: a mapping
 * edited in the file takes effect, a broken file is refused with file:line:column and the old mapping still
 * works, the OSC listener moved to a new port opens there, SIGHUP reloads too; the visit goes on throughout.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfigFile } from '../../config/loader.ts';
import { configSchema } from '../../config/schema.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { Runtime } from '../../runtime/runtime.ts';
import { createSocket } from 'node:dgram';
import { oscsend } from '../rigs/osc.ts';
import { PASSWORD, status, until } from './harness.ts';

let dir: string;
let file: string;
let runtime: Runtime;
let url: string;
let ports: [number, number];

const exhibit = (over: { port?: number; to?: string; idleSeconds?: number } = {}) => ({
  http: { port: 0, host: '127.0.0.1' },
  model: { path: 'models/default-320x180' },
  session: { mode: 'wander', idleSeconds: over.idleSeconds ?? 600, maxSeconds: 600, endingSeconds: 1 },
  displays: [{ id: 'main' }],
  console: { password: PASSWORD },
  stateDir: join(dir, 'var'),
  osc: { udp: { address: '127.0.0.1', port: over.port ?? ports[0] } },
  mappings: [{ id: 'knob', from: { source: 'osc:*', channel: '/knob' }, to: over.to ?? 'move.x' }],
});

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacre-reload-'));
  file = join(dir, 'exhibit.yaml');
  ports = [await freeUdpPort(), await freeUdpPort()];
  await writeFile(file, stringify(exhibit()));
  runtime = new Runtime(await loadConfigFile(file, configSchema), silentLogger());
  ({ url } = await runtime.start(0, '127.0.0.1'));
  runtime.watchConfig(file);
  await until(async () => (await status(url)).drivers.find((d) => d.id === 'osc')?.state === 'open', 'OSC open');
});

afterAll(async () => {
  desk.close();
  await runtime?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** one desk: every /knob from the same address and port, so it is one source in the store (oscsend's port changes) */
const desk = createSocket('udp4');

/** /knob with one float argument, byte by byte from the OSC 1.0 spec */
function knobPacket(value: number): Buffer {
  const f = Buffer.alloc(4);
  f.writeFloatBE(value);
  return Buffer.concat([Buffer.from('/knob\0\0\0'), Buffer.from(',f\0\0'), f]);
}

/** sends /knob until the conditions show `value` on the axis (UDP may drop one) */
async function knob(port: number, value: number, axis: 'move' | 'look') {
  return until(async () => {
    await new Promise((resolve) => desk.send(knobPacket(value), port, '127.0.0.1', resolve));
    const s = await status(url);
    return Math.abs(s.conditions[axis][0] - value) < 1e-6 && s;
  }, `/knob ${value} on ${axis}[0] through port ${port}`);
}

it('applies a good edit, refuses a bad one, reopens a moved device, reloads on SIGHUP: one visit throughout', async () => {
  await fetch(`${url}/api/commands/start`, { method: 'POST' });
  const visiting = await until(async () => {
    const s = await status(url);
    return s.session.phase === 'active' && s;
  }, 'a visit under way');
  await knob(ports[0], 0.8, 'move');

  await writeFile(file, stringify(exhibit({ to: 'look.yaw', idleSeconds: 500 })));
  const applied = await until(async () => (await status(url)).config?.last?.applied, 'the edit applied');
  expect(applied).toEqual(['mappings', 'session']);
  const moved = await knob(ports[0], 0.6, 'look');
  expect(moved.conditions.move[0]).toBe(0); // the old mapping's value went with it
  expect(moved.session.phase).toBe('active');
  expect(moved.session.since).toBeGreaterThanOrEqual(visiting.session.since); // the same visit, not a new one
  expect(moved.config?.needsRestart).toEqual([]);

  await writeFile(file, 'mappings:\n  - from: { source: "osc:*", channel: /knob }\n    to: nowhere\n');
  const refused = await until(async () => {
    const s = await status(url);
    return s.config?.refused === 1 && s.config;
  }, 'the broken file refused');
  expect(refused.last?.ok).toBe(false);
  expect(refused.last?.error).toMatch(new RegExp(`${file.replaceAll('.', '\\.')}:\\d+:\\d+`));
  expect((await knob(ports[0], 0.3, 'look')).session.phase).toBe('active'); // the running mapping still works
  expect(runtime.config.session.idleSeconds).toBe(500);

  await writeFile(
    file,
    stringify({ ...exhibit({ port: ports[1], to: 'look.yaw', idleSeconds: 500 }), http: { port: 1 } }),
  );
  const reopened = await until(async () => {
    const s = await status(url);
    return s.config?.last?.devices?.reopened.includes('osc') && s;
  }, 'the OSC listener reopened on its new port');
  expect(reopened.config?.needsRestart).toEqual(['http']);
  expect(runtime.config.http.port).toBe(0); // the port it runs on stays until a restart
  await until(async () => (await status(url)).drivers.find((d) => d.id === 'osc')?.state === 'open', 'OSC open again');
  const signals = () => status(url).then((s) => s.drivers.find((d) => d.id === 'osc')?.counters?.messages ?? 0);
  const heard = await signals();
  await oscsend(ports[1], '/nacre/ping'); // liblo's oscsend: a real OSC packet on the new port
  await until(async () => (await signals()) > heard, 'the oscsend packet heard on the new port');
  expect((await knob(ports[1], -0.4, 'look')).session.phase).toBe('active');

  const before = (await status(url)).config!.reloads;
  process.kill(process.pid, 'SIGHUP');
  const hup = await until(async () => {
    const c = (await status(url)).config;
    return c && c.reloads > before && c.last;
  }, 'a reload on SIGHUP');
  expect(hup).toMatchObject({ trigger: 'SIGHUP', ok: true, applied: [] });

  const after = await status(url);
  expect(after.session.phase).toBe('active');
  expect(after.session.since).toBeGreaterThanOrEqual(moved.session.since);
  const audit = (await readFile(join(dir, 'var', 'audit.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(audit.map((e: { action: string }) => e.action)).toEqual(
    expect.arrayContaining(['config reloaded', 'config refused']),
  );
});
