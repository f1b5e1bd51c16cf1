/** /healthz and /readyz of a started runtime, with a real socket.io page connecting to its display. */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, until } from './harness.ts';

let runtime: Runtime;
let url: string;

beforeAll(async () => {
  ({ runtime, url } = await startRuntime());
});
afterAll(() => runtime?.close());

const get = async (path: string) => {
  const res = await fetch(`${url}${path}`);
  return { code: res.status, json: (await res.json()) as { ok?: boolean; ready?: boolean; why?: string[] } };
};

it('/healthz answers while the process serves; /readyz waits for the model to step and a page on each display', async () => {
  expect(await get('/healthz')).toEqual({ code: 200, json: { ok: true } });
  const waiting = await until(async () => {
    const r = await get('/readyz');
    return r.json.why?.length === 1 && r;
  }, 'the model stepping, no page yet');
  expect(waiting).toEqual({ code: 503, json: { ready: false, why: ['display main: no page connected'] } });
  const page = io(`${url}/display`, { query: { id: 'main' }, transports: ['websocket'] });
  try {
    const ready = await until(async () => {
      const r = await get('/readyz');
      return r.code === 200 && r;
    }, 'ready once a page is connected');
    expect(ready.json).toEqual({ ready: true });
  } finally {
    page.disconnect();
  }
  await until(async () => (await get('/readyz')).code === 503, 'not ready again once the page left');
});
