/** The HTTP API from another machine: a token's role decides; the console password is the first admin. */
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore } from '../../runtime/accounts/store.ts';
import type { Runtime, RuntimeHandle } from '../../runtime/runtime.ts';
import { PASSWORD, startRuntime } from './harness.ts';

/** an address of this machine that is not loopback: requests to it come "from another machine" */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let runtime: Runtime;
let handle: RuntimeHandle;
let base: string;

beforeAll(async () => {
  ({ runtime, handle } = await startRuntime({ http: { port: 0, host: '0.0.0.0' } }));
  base = `http://${lan}:${new URL(handle.url).port}`;
  const accounts = new AccountStore(runtime.config.stateDir);
  await accounts.set('olga', 'operator', 'olga-password');
  await accounts.set('vic', 'viewer', 'vic-password');
});
afterAll(() => handle?.close());

const post = (path: string, body: unknown, bearer?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });

async function token(user: string, password: string): Promise<string> {
  return ((await (await post('/api/login', { user, password })).json()) as { token: string }).token;
}

describe.skipIf(!lan)('HTTP roles from another machine', () => {
  it('nothing without a token; a viewer reads status but cannot command; an operator and the admin can', async () => {
    expect((await fetch(`${base}/api/status`)).status).toBe(401);
    expect((await post('/api/commands/blackout', { on: true })).status).toBe(401);
    const vic = await token('vic', 'vic-password');
    expect((await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${vic}` } })).status).toBe(200);
    expect((await post('/api/commands/blackout', { on: true }, vic)).status).toBe(401);
    expect(runtime.status().blackout).toBe(false);
    const olga = await token('olga', 'olga-password');
    expect((await post('/api/commands/blackout', { on: true }, olga)).status).toBe(200);
    expect(runtime.status().blackout).toBe(true);
    expect((await post('/api/commands/blackout', { on: false }, PASSWORD)).status).toBe(200);
    expect(runtime.status().blackout).toBe(false);
    // the commands that ran are audited with their caller; the viewer's refused one did nothing
    const http = runtime.audit!.history().filter((e) => e.via === 'http');
    expect(http.map(({ user, role, address, action, detail }) => ({ user, role, address, action, detail }))).toEqual([
      { user: 'olga', role: 'operator', address: lan, action: 'blackout', detail: 'on: true' },
      { user: 'admin', role: 'admin', address: lan, action: 'blackout', detail: 'on: false' },
    ]);
  });
});
