import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

/** The HTTP server, or with `http.tls` an HTTPS one on the certificate and key files (read at each start). */
export async function createWebServer(app: RequestListener, tls?: { cert: string; key: string }): Promise<Server> {
  if (!tls) return createHttpServer(app);
  const read = (what: string, file: string) =>
    readFile(file).catch((err: Error) => {
      throw new Error(`http.tls.${what}: ${file} cannot be read (${err.message})`);
    });
  const [cert, key] = await Promise.all([read('cert', tls.cert), read('key', tls.key)]);
  return createHttpsServer({ cert, key }, app);
}
