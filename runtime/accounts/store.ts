import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../../config/schema.ts';
import type { Principal, Role } from '../security/authenticator.ts';

export const ROLES = ['admin', 'operator', 'viewer'] as const;

const accountSchema = z.strictObject({
  name: z.string(),
  role: z.enum(ROLES),
  salt: z.string(),
  hash: z.string(),
  created: z.string(),
});
const fileSchema = z.strictObject({ accounts: z.array(accountSchema) });
type Account = z.infer<typeof accountSchema>;

const KEY_LENGTH = 32;
/** scrypt's cost (N = 2^15, r 8): ~50 ms and 32 MiB a check; the login guard keeps the rate low */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function hashOf(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, COST, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export class AccountError extends Error {}

/**
 * The console's accounts beside the first admin: `<stateDir>/accounts.json` (mode 600), passwords as scrypt
 * hashes with their own salt, never the password. Read at each login, so `nacre accounts` changes apply to a
 * running kiosk at once.
 */
export class AccountStore {
  readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'accounts.json');
  }

  async list(): Promise<{ name: string; role: Role; created: string }[]> {
    return (await this.read()).map(({ name, role, created }) => ({ name, role, created }));
  }

  async verify(name: string, password: string): Promise<Principal | undefined> {
    const account = (await this.read()).find((a) => a.name === name);
    // an unknown name costs a hash too, so the time taken does not tell which names exist
    const salt = account ? Buffer.from(account.salt, 'base64') : randomBytes(16);
    const given = await hashOf(password, salt);
    if (!account) return undefined;
    return timingSafeEqual(given, Buffer.from(account.hash, 'base64')) ? { user: name, role: account.role } : undefined;
  }

  /** adds an account, or sets the password (and role) of one that exists */
  async set(name: string, role: Role, password: string): Promise<void> {
    if (!/^[\w.@-]{1,64}$/.test(name)) throw new AccountError(`"${name}": letters, digits, _ . @ - (1 to 64)`);
    if (password.length < PASSWORD_MIN_LENGTH)
      throw new AccountError(`a password has at least ${PASSWORD_MIN_LENGTH} characters`);
    const salt = randomBytes(16);
    const hash = (await hashOf(password, salt)).toString('base64');
    const others = (await this.read()).filter((a) => a.name !== name);
    const created = new Date().toISOString();
    await this.write([...others, { name, role, salt: salt.toString('base64'), hash, created }]);
  }

  /** a new role for an account that exists; its password stays */
  async setRole(name: string, role: Role): Promise<void> {
    const all = await this.read();
    const account = all.find((a) => a.name === name);
    if (!account) throw new AccountError(`no account "${name}"`);
    await this.write(all.map((a) => (a === account ? { ...a, role } : a)));
  }

  async remove(name: string): Promise<boolean> {
    const all = await this.read();
    const kept = all.filter((a) => a.name !== name);
    if (kept.length === all.length) return false;
    await this.write(kept);
    return true;
  }

  private async read(): Promise<Account[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return fileSchema.parse(JSON.parse(text)).accounts;
  }

  /** atomic: a crash mid-write leaves the old file */
  private async write(accounts: Account[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ accounts }, null, 1)}\n`, { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
