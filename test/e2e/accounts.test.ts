/** Accounts and roles on the console: viewer watches, operator runs the show, admin also manages accounts; audited. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime, RuntimeHandle } from '../../runtime/runtime.ts';
import type { AuditLine } from '../../runtime/console/protocol.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';

let runtime: Runtime;
let handle: RuntimeHandle;
let url: string;
const open: Socket[] = [];

beforeAll(async () => {
  ({ runtime, handle, url } = await startRuntime());
});
afterAll(async () => {
  for (const s of open) s.close();
  await handle.close();
});

interface Client {
  socket: Socket;
  session: { user: string; role: string; token: string };
  audit: AuditLine[];
}

function consoleAs(auth: Record<string, string>, base = url): Promise<Client> {
  const socket = io(`${base}/console`, { auth, transports: ['websocket'], reconnection: false });
  open.push(socket);
  const audit: AuditLine[] = [];
  socket.on('audit', (e: AuditLine) => audit.push(e));
  return new Promise((resolve, reject) => {
    socket.on('session', (session: Client['session']) => resolve({ socket, session, audit }));
    socket.on('connect_error', reject);
  });
}

const ack = <T>(socket: Socket, event: string, ...args: unknown[]) =>
  socket.timeout(20_000).emitWithAck(event, ...args) as Promise<T>;

describe('accounts and roles', () => {
  let admin: Client;

  beforeAll(async () => {
    admin = await consoleAs({ password: PASSWORD });
    for (const [name, role] of [
      ['olga', 'operator'],
      ['vic', 'viewer'],
    ])
      expect(await ack(admin.socket, 'accounts:set', { name, role, password: `${name}-password` })).toEqual({
        ok: true,
      });
  });

  it('the first admin is "admin" with the console password, and lists the accounts', async () => {
    expect(admin.session).toMatchObject({ user: 'admin', role: 'admin' });
    const listed = await ack<{ accounts: { name: string; role: string }[] }>(admin.socket, 'accounts:list');
    expect(listed.accounts.map((a) => `${a.name}:${a.role}`).sort()).toEqual(['olga:operator', 'vic:viewer']);
  });

  it('a viewer watches but cannot run the show or manage accounts', async () => {
    const vic = await consoleAs({ user: 'vic', password: 'vic-password' });
    expect(vic.session.role).toBe('viewer');
    vic.socket.emit('blackout', true);
    expect(await ack(vic.socket, 'instruct', 'make it snow')).toEqual({
      ok: false,
      error: 'a viewer may not instruct',
    });
    expect(await ack(vic.socket, 'accounts:list')).toMatchObject({ ok: false });
    expect(runtime.status().blackout).toBe(false);
  });

  it("an operator's blackout happens and is audited (who, what, when) in the state folder and on every console", async () => {
    const olga = await consoleAs({ user: 'olga', password: 'olga-password' });
    expect(await ack(olga.socket, 'accounts:list')).toMatchObject({
      ok: false,
      error: 'an operator may not list accounts',
    });
    olga.socket.emit('blackout', true);
    await until(() => runtime.status().blackout, 'blackout on');
    const seen = await until(() => admin.audit.find((e) => e.action === 'blackout'), 'the blackout on the console');
    expect(seen).toMatchObject({ user: 'olga', role: 'operator', detail: 'on' });
    expect(Date.parse(seen.at)).not.toBeNaN();
    const file = join(runtime.config.stateDir, 'audit.log');
    const lines = await until(async () => {
      const text = await readFile(file, 'utf8');
      return (
        text.includes('"blackout"') &&
        text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as AuditLine)
      );
    }, 'the blackout in audit.log');
    expect(lines.find((l) => l.action === 'blackout')).toMatchObject({ user: 'olga', role: 'operator' });
    expect(lines.filter((l) => l.action === 'login').map((l) => l.user)).toEqual(['admin', 'vic', 'olga']);
    expect(lines.some((l) => l.user === 'vic' && l.action === 'blackout')).toBe(false);
    olga.socket.emit('blackout', false);
    await until(() => !runtime.status().blackout, 'blackout off');
  });

  it("projection set-up is the admin's: a viewer's and an operator's projection events are each answered with the refusal", async () => {
    const before = JSON.stringify(runtime.projection.views());
    const mapping = {
      corners: [
        [0.1, 0.1],
        [0.9, 0.1],
        [0.9, 0.9],
        [0.1, 0.9],
      ],
    };
    for (const [name, role] of [
      ['vic', 'viewer'],
      ['olga', 'operator'],
    ] as const) {
      const { socket } = await consoleAs({ user: name, password: `${name}-password` });
      const refused = { ok: false, error: `${role === 'viewer' ? 'a' : 'an'} ${role} may not set up the projection` };
      expect(await ack(socket, 'projection:set', 'main', mapping)).toEqual(refused);
      expect(await ack(socket, 'projection:pattern', 'main', 'grid')).toEqual(refused);
      expect(await ack(socket, 'projection:reset', 'main')).toEqual(refused);
      socket.emit('projection:pattern', 'main', 'grid'); // no ack: still nothing happens
    }
    // the admin's own round trip: everything the others sent was handled before it
    expect(await ack(admin.socket, 'accounts:list')).toMatchObject({ ok: true });
    expect(JSON.stringify(runtime.projection.views())).toBe(before);
    expect(await readdir(join(runtime.config.stateDir, 'projection')).catch(() => [])).toEqual([]);
  });

  it('a session token logs in again without the password; a made-up one is refused', async () => {
    const olga = await consoleAs({ user: 'olga', password: 'olga-password' });
    const again = await consoleAs({ token: olga.session.token });
    expect(again.session).toMatchObject({ user: 'olga', role: 'operator' });
    await expect(consoleAs({ token: 'made-up' })).rejects.toThrow('expired');
  });

  it('HTTP: POST /api/login gives a token for the Bearer header; a wrong password is refused', async () => {
    const post = (body: unknown) =>
      fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const good = await post({ user: 'olga', password: 'olga-password' });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ ok: true, role: 'operator', token: expect.any(String) });
    expect((await post({ user: 'olga', password: 'nope-nope' })).status).toBe(401);
  });
});

describe('sessions that expire', () => {
  it('a console whose session has run out is told so and let go; its token no longer works', async () => {
    const short = await startRuntime({ console: { password: PASSWORD, sessionHours: 0.0005 } });
    try {
      const c = await consoleAs({ password: PASSWORD }, short.url);
      let expired = false;
      c.socket.on('expired', () => (expired = true));
      await until(() => expired && c.socket.disconnected, 'the session to expire');
      await expect(consoleAs({ token: c.session.token }, short.url)).rejects.toThrow('expired');
    } finally {
      await short.handle.close();
    }
  });
});
