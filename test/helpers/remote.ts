/** Small helpers for tests of remote model folders: a free loopback port, a remote folder for a default world. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** a loopback TCP port nothing listens on now */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** a remote folder for one of the shipped worlds: its manifest without state, init and build, plus `remote` */
export function remoteFolder(from: string, remote: Record<string, unknown>): string {
  const m = JSON.parse(readFileSync(join('models', from, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['state', 'stateBudgetBytes', 'init', 'build']) delete m[k];
  m.remote = remote;
  const dir = mkdtempSync(join(tmpdir(), 'nacre-remote-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}
