/** http.tls: the kiosk serves HTTPS and WSS on an openssl-made certificate, with HSTS. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeHandle } from '../../runtime/runtime.ts';
import { PASSWORD, startRuntime } from './harness.ts';

let handle: RuntimeHandle;
let ca: Buffer;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-tls-'));
  const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  execFileSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost'],
    ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert],
  ]);
  ca = await readFile(cert);
  ({ handle } = await startRuntime({ http: { port: 0, host: '127.0.0.1', tls: { cert, key } } }));
});
afterAll(() => handle?.close());

function fetchTls(path: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(`${handle.url}${path}`, { ca }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    }).on('error', reject);
  });
}

describe('TLS', () => {
  it('serves pages over HTTPS with HSTS and upgrade-insecure-requests', async () => {
    expect(handle.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetchTls('/console');
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
  });

  it('the console logs in over WSS', async () => {
    const socket = io(`${handle.url}/console`, {
      auth: { password: PASSWORD },
      transports: ['websocket'],
      ca: ca.toString(),
    });
    const role = await new Promise<string>((resolve, reject) => {
      socket.on('session', (s: { role: string }) => resolve(s.role));
      socket.on('connect_error', reject);
    });
    socket.close();
    expect(role).toBe('admin');
  });
});
