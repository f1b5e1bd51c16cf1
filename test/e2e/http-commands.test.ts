import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

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
    json: (await res.json()) as {
      ok: boolean;
      error?: string;
      result?: { text: string; accepted: boolean; effect?: string };
    },
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
      /no command "explode"; commands: start, reset, blackout, instruct, snapshot, pause, resume, rewind, bookmark, recall/,
    );
    const garbage = await post('blackout', '{"on": tru');
    expect(garbage.code).toBe(400);
    expect(garbage.json.error).toMatch(/JSON/);
    expect((await post('blackout', '{"on": "yes"}')).json.error).toMatch(/blackout needs/);
    expect((await post('instruct', '{"text": ""}')).code).toBe(400);
    const noCamera = await post('snapshot', '{}');
    expect(noCamera).toMatchObject({ code: 409, json: { ok: false } });
  });

  it('pause, resume and rewind: the runtime does them for the default world (it saves its state), and logs them', async () => {
    await until(async () => (await status(url)).transport.available, 'the runtime transport ready');
    const paused = await post('pause', '{}');
    expect(paused).toMatchObject({ code: 200, json: { ok: true, result: { accepted: true } } });
    expect((await status(url)).transport.paused).toBe(true);
    expect((await post('rewind', '{"seconds": -3}')).json.error).toMatch(/rewind needs/);
    // further back than the ring holds: to the oldest snapshot, and it says so
    const back = await post('rewind', '{"seconds": 3000}');
    expect(back.json.result?.effect).toMatch(/rewound .* \(the oldest snapshot; 3000 s asked\)/);
    expect((await post('resume', '{}')).code).toBe(200);
    expect((await status(url)).transport.paused).toBe(false);
    expect(runtime.world.instructions.all().at(-1)).toMatchObject({ text: 'resume', accepted: true });
    expect((await post('bookmark', '{"name": "../escape"}')).json.error).toMatch(/not a bookmark name/);
  });

  it('from another address, only with the console password', async () => {
    expect(await postFromElsewhere('blackout', '{"on": true}')).toBe(401);
    expect((await status(url)).blackout).toBe(false);
    expect(await postFromElsewhere('blackout', '{"on": true}', 'Bearer wrong-password')).toBe(401);
    expect(await postFromElsewhere('blackout', '{"on": false}', `Bearer ${PASSWORD}`)).toBe(200);
  });
});
