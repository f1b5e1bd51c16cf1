import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { PASSWORD, startRuntime, status } from './harness.ts';

let runtime: Runtime;
let url: string;

beforeAll(async () => {
  ({ runtime, url } = await startRuntime());
});
afterAll(() => runtime?.close());

async function post(name: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/commands/${name}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return {
    code: res.status,
    json: (await res.json()) as { ok: boolean; error?: string; result?: { text: string; accepted: boolean } },
  };
}

/** from 127.0.0.2: not this machine's loopback address 127.0.0.1, so the console password is needed */
function postFromElsewhere(name: string, body: string, auth?: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(auth ? { authorization: auth } : {}),
    };
    const req = request(
      { host: '127.0.0.1', port, localAddress: '127.0.0.2', method: 'POST', path: `/api/commands/${name}`, headers },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('exhibit commands over HTTP', () => {
  it('blackout, start and an instruction do what the console and OSC do', async () => {
    expect((await post('blackout', '{"on": true}')).json).toEqual({ ok: true });
    await vi.waitFor(async () => expect((await status(url)).blackout).toBe(true));
    await post('blackout', '{"on": false}');
    await vi.waitFor(async () => expect((await status(url)).blackout).toBe(false));

    const instructed = await post('instruct', '{"text": "make it sunset"}');
    expect(instructed.json.result).toMatchObject({ text: 'make it sunset', accepted: true });
    expect(runtime.world.instructions.all().at(-1)?.text).toBe('make it sunset');

    await post('start', '{}');
    await vi.waitFor(() => expect(runtime.session.now.phase).toBe('active'));
  });

  it('refuses unknown commands, bad bodies and bad arguments with a clear JSON error', async () => {
    const unknown = await post('explode', '{}');
    expect(unknown.code).toBe(404);
    expect(unknown.json.error).toMatch(
      /no command "explode"; commands: start, reset, blackout, instruct, snapshot, pause, resume, rewind/,
    );
    const garbage = await post('blackout', '{"on": tru');
    expect(garbage.code).toBe(400);
    expect(garbage.json.error).toMatch(/JSON/);
    expect((await post('blackout', '{"on": "yes"}')).json.error).toMatch(/blackout needs/);
    expect((await post('instruct', '{"text": ""}')).code).toBe(400);
    const noCamera = await post('snapshot', '{}');
    expect(noCamera).toMatchObject({ code: 409, json: { ok: false } });
  });

  it('pause, resume and rewind: refused with the reason where the world cannot, and logged', async () => {
    // the shipped default world has no transport of its own (the runtime's own is show control's work)
    const paused = await post('pause', '{}');
    expect(paused).toMatchObject({ code: 409, json: { ok: false, error: expect.stringMatching(/cannot pause/) } });
    expect((await post('rewind', '{"seconds": -3}')).json.error).toMatch(/rewind needs/);
    expect((await post('rewind', '{"seconds": 8}')).code).toBe(409);
    expect((await status(url)).transport).toMatchObject({ available: false, reason: expect.stringMatching(/cannot/) });
    expect(runtime.world.instructions.all().at(-1)).toMatchObject({ text: 'rewind 8 s', accepted: false });
  });

  it('from another address, only with the console password', async () => {
    expect(await postFromElsewhere('blackout', '{"on": true}')).toBe(401);
    expect((await status(url)).blackout).toBe(false);
    expect(await postFromElsewhere('blackout', '{"on": true}', 'Bearer wrong-password')).toBe(401);
    expect(await postFromElsewhere('blackout', '{"on": false}', `Bearer ${PASSWORD}`)).toBe(200);
  });
});
