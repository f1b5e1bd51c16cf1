/** A visit from start to reset against the real runtime and model (no browser needed). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({
    session: { mode: 'wander', idleSeconds: 1, maxSeconds: 600, endingSeconds: 0.5 },
  }));
});
afterAll(() => runtime?.close());

it('attract -> a key starts a visit -> idle ends it -> goodbye -> a new world in attract', async () => {
  await until(async () => (await status(url)).model.steps > 3, 'the world running');
  const before = await status(url);
  expect(before.session.phase).toBe('attract');
  expect(before.conditions.actions.fly).toBe(true); // the attract autopilot flies
  runtime.browser.handle('main:test', { kind: 'key', code: 'KeyW', down: true });
  await until(async () => (await status(url)).session.phase === 'active', 'a visit');
  runtime.browser.handle('main:test', { kind: 'key', code: 'KeyW', down: false });
  await until(async () => (await status(url)).session.phase === 'ending', 'the goodbye after 1 s idle');
  expect((await status(url)).session.overlay).toBe('thank-you');
  await until(async () => (await status(url)).session.phase === 'attract', 'attract again');
  expect((await status(url)).model.state).toBe('running');
});

it('the operator can start and reset a visit', async () => {
  runtime.session.operatorStart();
  expect(runtime.session.now.phase).toBe('active');
  runtime.session.operatorReset();
  expect(runtime.session.now.phase).toBe('ending');
  await until(() => runtime.session.now.phase === 'attract', 'attract after the reset');
});
