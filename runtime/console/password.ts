import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PASSWORD_MIN_LENGTH } from '../../config/schema.ts';

export interface ConsolePassword {
  password: string;
  /** where it came from; 'generated' means this start made it (print it once) */
  source: 'config' | 'environment' | 'stored' | 'generated';
  file?: string;
}

/** The console password: config, then NACRE_CONSOLE_PASSWORD, then the stored one, else a new one stored. */
export async function resolveConsolePassword(
  configured: string | undefined,
  stateDir: string,
): Promise<ConsolePassword> {
  if (configured) return { password: configured, source: 'config' };
  const env = environmentPassword();
  if (env) return { password: env, source: 'environment' };
  const file = join(stateDir, 'console-password');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored) return { password: stored, source: 'stored', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const password = randomBytes(12).toString('base64url');
  await mkdir(stateDir, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return { password, source: 'generated', file };
}

/** NACRE_CONSOLE_PASSWORD, held to the config file's minimum length (a start refuses a shorter one, exit 2) */
export function environmentPassword(): string | undefined {
  const env = process.env.NACRE_CONSOLE_PASSWORD;
  if (!env) return undefined;
  if (env.length < PASSWORD_MIN_LENGTH)
    throw new Error(
      `NACRE_CONSOLE_PASSWORD must be at least ${PASSWORD_MIN_LENGTH} characters long (it has ${env.length}); the same rule as console.password in the config`,
    );
  return env;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function passwordMatches(expected: string, given: unknown): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(expected), digest(given));
}
