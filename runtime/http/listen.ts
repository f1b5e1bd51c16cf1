import type { Server } from 'node:http';
import { Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Listens on host:port and answers the URL to show (localhost for an any-address bind). */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `${server instanceof TlsServer ? 'https' : 'http'}://${shown}:${address.port}`;
}

/**
 * Stops listening and ends every connection: idle ones at once, a request still under way (a page posting
 * its recording, a slow client) after `graceMs`, so a stop never waits on a browser.
 */
export async function closeServer(server: Server | undefined, graceMs: number): Promise<void> {
  if (!server?.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(force);
}
