import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { BlockList, isIPv4 } from 'node:net';
import { join } from 'node:path';
import { passwordMatches } from '../console/password.ts';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** whether a peer's address is this machine (127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6) */
export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return isIPv4(v4) ? LOOPBACK.check(v4, 'ipv4') : LOOPBACK.check(address, 'ipv6');
}

/**
 * The display key: a display page on another machine sends its keys and touches only after presenting it
 * (`/display/<id>?key=...` once in the kiosk browser's URL; the page keeps it); without it the page is view
 * only. Pages on the kiosk machine itself (loopback) need none. Generated at the first start and kept in
 * `<stateDir>/display-key` (mode 600); delete the file to make a new one.
 */
export class DisplayKey {
  private constructor(readonly key: string) {}

  static async load(stateDir: string): Promise<DisplayKey> {
    const file = join(stateDir, 'display-key');
    try {
      const stored = (await readFile(file, 'utf8')).trim();
      if (stored) return new DisplayKey(stored);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const key = randomBytes(9).toString('base64url');
    await mkdir(stateDir, { recursive: true });
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return new DisplayKey(key);
  }

  /** whether a page at `address` that presented `given` may steer */
  mayInput(address: string, given: unknown): boolean {
    return isLoopback(address) || passwordMatches(this.key, given);
  }
}
