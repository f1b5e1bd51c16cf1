/**
 * A stop never waits on a browser: a request still under way when the runtime closes (a page posting its
 * recording, a slow client) is ended after a short grace, and close() resolves.
 */
import { request } from 'node:http';
import { expect, it } from 'vitest';
import { startRuntime } from './harness.ts';

it('close() ends a request that is still under way, and resolves', { timeout: 30_000 }, async () => {
  const { runtime, url } = await startRuntime();
  const { hostname, port } = new URL(url);
  const ended = new Promise<string>((resolve) => {
    const req = request({
      host: hostname,
      port,
      method: 'POST',
      path: '/api/surface-recording',
      headers: { 'content-length': '100000', 'content-type': 'application/octet-stream' },
    });
    req.on('error', (err) => resolve(err.message));
    req.on('response', (res) => resolve(`answered ${res.statusCode}`));
    req.write(Buffer.alloc(1000)); // a tenth of the body it announced, and no more
  });
  await new Promise((r) => setTimeout(r, 300));
  let closed = false;
  const closing = runtime.close().then(() => (closed = true));
  expect(await ended).toMatch(/socket hang up|ECONNRESET/);
  await closing;
  expect(closed).toBe(true);
});
