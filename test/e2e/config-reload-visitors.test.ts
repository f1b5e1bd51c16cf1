/**
 * Config hot reload of the cameras and of the phones' moderation, against a whole runtime whose config is a
 * YAML file on disk: a camera added in the file opens (real ffmpeg on a real photo) and takes snapshots, a
 * camera taken out is closed; a blocklist and a shorter limit added to `phones.moderation` refuse a phone's
 * next suggestion, over its real socket, with no restart.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfigFile } from '../../config/loader.ts';
import { configSchema } from '../../config/schema.ts';
import { COFFEE } from '../../drivers/camera/perception/testing.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { Runtime } from '../../runtime/runtime.ts';
import { phoneClient } from '../helpers/phone-client.ts';
import { PASSWORD, status, until } from './harness.ts';

let dir: string;
let file: string;
let runtime: Runtime;
let url: string;
const sockets: Socket[] = [];

const table = { id: 'table', source: { file: COFFEE }, width: 160, height: 120, fps: 2, wakes: false };
const exhibit = (over: { cameras?: unknown[]; moderation?: Record<string, unknown> } = {}) => ({
  http: { port: 0, host: '127.0.0.1' },
  model: { path: 'models/default-320x180' },
  displays: [{ id: 'main' }],
  console: { password: PASSWORD },
  stateDir: join(dir, 'var'),
  cameras: over.cameras ?? [],
  phones: { enabled: true, moderation: { perMinute: 60, cooldownSeconds: 0, ...over.moderation } },
});

/** the pids of the ffmpeg children reading `path` */
function ffmpegReading(path: string): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('ffmpeg') && l.includes(path));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacre-reload-visitors-'));
  file = join(dir, 'exhibit.yaml');
  await writeFile(file, stringify(exhibit()));
  runtime = new Runtime(await loadConfigFile(file, configSchema), silentLogger());
  ({ url } = await runtime.start(0, '127.0.0.1'));
  runtime.watchConfig(file);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await runtime?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** writes the file and waits for the reload that follows it */
async function reload(config: ReturnType<typeof exhibit>) {
  const before = (await status(url)).config?.reloads ?? 0;
  await writeFile(file, stringify(config));
  return until(async () => {
    const c = (await status(url)).config;
    return c && c.reloads > before && c;
  }, 'the file reloaded');
}

const snapshot = (camera: string) =>
  fetch(`${url}/api/commands/snapshot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ camera }),
  }).then((r) => r.json() as Promise<{ ok: boolean; error?: string }>);

it('a camera added in the file opens and takes snapshots; taken out, it is closed', async () => {
  expect(await snapshot('table')).toMatchObject({ ok: false, error: expect.stringMatching(/no camera/) });

  const added = await reload(exhibit({ cameras: [table] }));
  expect(added).toMatchObject({ needsRestart: [], last: { applied: ['devices'], devices: { added: ['table'] } } });
  await until(() => runtime.supervisor.status().find((d) => d.id === 'table')?.state === 'open', 'the camera open');
  expect(ffmpegReading(COFFEE)).toHaveLength(1);
  await until(async () => (await snapshot('table')).ok, 'a snapshot from the new camera');
  expect((await status(url)).cameras).toEqual(['table']);

  const removed = await reload(exhibit());
  expect(removed.last).toMatchObject({ applied: ['devices'], devices: { removed: ['table'] } });
  expect(runtime.supervisor.status().find((d) => d.id === 'table')).toBeUndefined();
  await until(() => ffmpegReading(COFFEE).length === 0, 'its ffmpeg gone');
  expect(await snapshot('table')).toMatchObject({ ok: false, error: expect.stringMatching(/no camera "table"/) });
});

it("phones.moderation reloaded: a blocklist and a shorter limit refuse the phone's next suggestions", async () => {
  const phone = await phoneClient(url, sockets);
  const suggest = (text: string) =>
    phone.socket.timeout(10_000).emitWithAck('suggest', text) as Promise<{ ok: boolean; reason?: string }>;
  expect(await suggest('a red balloon over the sea')).toMatchObject({ ok: true });

  const words = join(dir, 'blocklist.txt');
  await writeFile(words, '# the exhibit does not float\nballoon\n');
  const reloaded = await reload(exhibit({ moderation: { blocklist: words, maxLength: 20 } }));
  expect(reloaded).toMatchObject({ needsRestart: [], last: { ok: true, applied: ['moderation'] } });
  expect(runtime.config.phones.moderation).toMatchObject({ blocklist: words, maxLength: 20 });

  expect(await suggest('a blue balloon')).toEqual({ ok: false, reason: 'blocked' });
  expect(await suggest('a red kite over the whole sea')).toEqual({ ok: false, reason: 'too-long' });
  expect(await suggest('a red kite')).toMatchObject({ ok: true });

  // a blocklist file that is not there: the reload says why and the running rules stay
  const broken = await reload(exhibit({ moderation: { blocklist: join(dir, 'missing.txt') } }));
  expect(broken.last).toMatchObject({ applied: [], error: expect.stringMatching(/^moderation: .*missing\.txt/) });
  expect(await suggest('a green balloon')).toEqual({ ok: false, reason: 'blocked' });
});
