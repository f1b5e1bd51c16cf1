/**
 * model.fallback with the real remote backend: the exhibit's model server is down at start, so the kiosk runs
 * the embedded default world (never a black wall) and says why; once `nacre model-server` is up, the next
 * visit runs on it; when the server is killed mid-visit, the fallback takes over again.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startServer, type ServerProcess } from '../../models/server/server-process.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { freePort, remoteFolder } from '../helpers/remote.ts';
import { startRuntime, status } from './harness.ts';

const MODEL = 'default-320x180';

describe('model.fallback', () => {
  let runtime: Runtime | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await runtime?.close();
    await server?.stop();
  });

  it('runs the fallback world while the server is down, goes back to the server at the next visit, falls back when it dies', async () => {
    const port = await freePort();
    let url: string;
    ({ runtime, url } = await startRuntime({
      model: {
        path: remoteFolder(MODEL, { url: `grpc://127.0.0.1:${port}`, model: MODEL, stepTimeoutMs: 5000 }),
        fallback: `models/${MODEL}`,
      },
    }));
    const r = runtime;

    const down = await status(url);
    expect(down.model.state).toBe('running');
    expect(down.model.backend).toMatchObject({ backend: 'onnx' });
    expect(down.model.backend?.fallback).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}`));
    await vi.waitFor(async () => expect((await status(url)).model.steps).toBeGreaterThan(3), { timeout: 10_000 });

    server = await startServer(['--model', MODEL, '--port', String(port)]);
    r.commands.reset();
    await vi.waitFor(async () => expect((await status(url)).model.backend).toMatchObject({ backend: 'remote' }), {
      timeout: 20_000,
    });
    expect((await status(url)).model.backend?.fallback).toBeUndefined();
    const onServer = (await status(url)).model.steps;
    await vi.waitFor(async () => expect((await status(url)).model.steps).toBeGreaterThan(onServer + 3), {
      timeout: 20_000,
    });

    server.child.kill('SIGKILL');
    await vi.waitFor(
      async () => {
        const s = await status(url);
        expect(s.model).toMatchObject({ state: 'running', backend: { backend: 'onnx' } });
        expect(s.model.backend?.fallback).toBeTruthy();
      },
      { timeout: 10_000 },
    );
    expect((await status(url)).model.restarts).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
