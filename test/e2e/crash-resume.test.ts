/**
 * Crash-resume against a real runtime process: mid-visit it is killed with SIGKILL (no shutdown, no last
 * checkpoint), started again on the same config, and comes back in the world of its last checkpoint, in the
 * same visit (active, the time it had left) and with the show's standby cue where it was.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readCheckpoint } from '../../runtime/checkpoint/file.ts';
import { createSocket } from 'node:dgram';
import { freePort } from '../helpers/remote.ts';
import { oscsend } from '../rigs/osc.ts';
import { PASSWORD, status, until } from './harness.ts';

const children: ChildProcess[] = [];
let stateDir: string;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

function startProcess(configFile: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/cli/index.ts', 'start', '--config', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NACRE_LOG_LEVEL: 'warn' },
  });
  children.push(child);
  return child;
}

const command = (url: string, name: string, body: unknown = {}) =>
  fetch(`${url}/api/commands/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

it('a runtime killed with SIGKILL mid-visit comes back in the world of its last checkpoint', async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'nacre-crash-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = join(stateDir, 'exhibit.json');
  const showFile = join(stateDir, 'show.yaml');
  const osc = await freeUdpPort();
  await writeFile(showFile, 'cues:\n  - number: 1\n  - number: 2\n  - number: 3\n');
  await writeFile(
    configFile,
    JSON.stringify({
      http: { port, host: '127.0.0.1' },
      model: { path: 'models/default-320x180' },
      session: { mode: 'wander', idleSeconds: 600, maxSeconds: 600, endingSeconds: 1 },
      displays: [{ id: 'main' }],
      console: { password: PASSWORD },
      stateDir: join(stateDir, 'var'),
      checkpoint: { everySeconds: 1 },
      osc: { udp: { address: '127.0.0.1', port: osc } },
      show: { file: showFile },
    }),
  );
  const first = startProcess(configFile);
  await until(async () => (await status(url)).model.steps > 5, 'the first runtime stepping', 60_000, 200);
  await command(url, 'start');
  await command(url, 'instruct', { text: 'night' });
  await until(async () => (await status(url)).session.phase === 'active', 'a visit under way');
  await until(async () => {
    await oscsend(osc, '/nacre/cue/3/standby');
    return (await status(url)).show?.standby === '3';
  }, 'cue 3 on standby');
  const saves = (await status(url)).checkpoint?.saved ?? 0;
  await until(
    async () => ((await status(url)).checkpoint?.saved ?? 0) >= saves + 2,
    'two checkpoints written',
    30_000,
    100,
  );
  expect((await status(url)).checkpoint?.restored).toBeUndefined();

  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  const saved = await readCheckpoint(join(stateDir, 'var', 'world.checkpoint'));
  expect(saved?.header.step).toBeGreaterThan(0);
  expect(saved?.header.position).toMatchObject({ phase: 'active', standby: '3' });
  const leftAtSave = 600 - saved!.header.position!.startedMs! / 1000;

  const spawned = performance.now();
  startProcess(configFile);
  const back = await until(
    async () => (await status(url).catch(() => undefined))?.checkpoint?.restored,
    'the second runtime up, resumed from the checkpoint',
    60_000,
    200,
  );
  expect(back).toEqual({
    step: saved!.header.step,
    savedAt: saved!.header.savedAt,
    digest: saved!.header.digest,
    phase: 'active',
    standby: '3',
  });
  expect(saved!.header.style).toBe('night');
  const now = await status(url);
  expect(now.model.style).toBe('night');
  // the same visit: active, with the time it had left at the checkpoint (the clock stopped while it was down),
  // less only what passed since this process was spawned
  expect(now.session.phase).toBe('active');
  const alive = (performance.now() - spawned) / 1000;
  expect(now.session.remainingSeconds).toBeLessThanOrEqual(leftAtSave);
  expect(now.session.remainingSeconds).toBeGreaterThanOrEqual(leftAtSave - alive);
  expect(now.show?.standby).toBe('3');
});
