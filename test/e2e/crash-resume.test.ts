/**
 * Crash-resume against a real runtime process: mid-visit it is killed with SIGKILL (no shutdown, no last
 * checkpoint), started again on the same config, and comes back in the world of its last checkpoint.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readCheckpoint } from '../../runtime/checkpoint/file.ts';
import { freePort } from '../helpers/remote.ts';
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

it('a runtime killed with SIGKILL mid-visit comes back in the world of its last checkpoint', async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'nacre-crash-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = join(stateDir, 'exhibit.json');
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
    }),
  );
  const first = startProcess(configFile);
  await until(async () => (await status(url)).model.steps > 5, 'the first runtime stepping', 60_000, 200);
  await command(url, 'start');
  await command(url, 'instruct', { text: 'night' });
  await until(async () => (await status(url)).session.phase === 'active', 'a visit under way');
  await until(async () => ((await status(url)).checkpoint?.saved ?? 0) >= 2, 'two checkpoints written', 30_000, 100);
  expect((await status(url)).checkpoint?.restored).toBeUndefined();

  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  const saved = await readCheckpoint(join(stateDir, 'var', 'world.checkpoint'));
  expect(saved?.header.step).toBeGreaterThan(0);

  startProcess(configFile);
  const back = await until(
    async () => (await status(url).catch(() => undefined))?.checkpoint?.restored,
    'the second runtime up, resumed from the checkpoint',
    60_000,
    200,
  );
  expect(back).toEqual({ step: saved!.header.step, savedAt: saved!.header.savedAt, digest: saved!.header.digest });
  expect(saved!.header.style).toBe('night');
  expect((await status(url)).model.style).toBe('night');
});
