/** Starts a whole runtime in this process on a free loopback port, with its own state folder. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../config/schema.ts';
import { silentLogger, type Logger } from '../../runtime/core/log.ts';
import type { StatusReport } from '../../runtime/console/protocol.ts';
import { Runtime, type RuntimeHandle } from '../../runtime/runtime.ts';

export const PASSWORD = 'correct horse battery';

export async function startRuntime(
  overrides: Record<string, unknown> = {},
  log: Logger = silentLogger(),
): Promise<{ runtime: Runtime; handle: RuntimeHandle; url: string }> {
  const config = configSchema.parse({
    http: { port: 0, host: '127.0.0.1' },
    model: { path: 'models/default-320x180' },
    session: { mode: 'wander', idleSeconds: 60, maxSeconds: 600, endingSeconds: 1 },
    displays: [{ id: 'main' }],
    console: { password: PASSWORD },
    stateDir: await mkdtemp(join(tmpdir(), 'nacre-state-')),
    ...overrides,
  });
  const runtime = new Runtime(config, log);
  const handle = await runtime.start(0, config.http.host);
  return { runtime, handle, url: handle.url };
}

export async function status(url: string): Promise<StatusReport> {
  const res = await fetch(`${url}/api/status`);
  return res.json();
}

export { until, type Truthy } from '../helpers/wait.ts';
