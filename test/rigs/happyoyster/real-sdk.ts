/**
 * The real HappyOyster web SDK for the kiosk test: installed from npm once (with its dependencies) into a
 * gitignored cache, never into the project (users add it themselves; its licence is proprietary, so Nacre
 * installs and calls it, never copies it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** the version whose published types the page and the SDK stand-in follow */
const PACKAGE = '@happy-oyster/js-sdk@0.1.3';
const CACHE = fileURLToPath(new URL('.cache/sdk', import.meta.url));

/** the folder of an installed copy of the real SDK (its package.json inside) */
export async function realSdk(): Promise<string> {
  const dir = join(CACHE, 'node_modules', '@happy-oyster', 'js-sdk');
  if (existsSync(join(dir, 'package.json'))) return dir;
  await rm(CACHE, { recursive: true, force: true }); // a half-finished install is started again
  await mkdir(CACHE, { recursive: true });
  const args = ['install', PACKAGE, '--prefix', CACHE, '--no-save', '--no-audit', '--no-fund'];
  try {
    await run('npm', [...args, '--ignore-scripts', '--loglevel=error'], { timeout: 300_000 });
  } catch (err) {
    await rm(CACHE, { recursive: true, force: true });
    const e = err as Error & { stderr?: string };
    throw new Error(
      `cannot install ${PACKAGE} for the HappyOyster kiosk test (npm ${args.join(' ')}): ` +
        `${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}. The test needs the npm registry once; ` +
        `the copy is then kept in ${CACHE}`,
    );
  }
  if (!existsSync(join(dir, 'package.json')))
    throw new Error(`npm installed ${PACKAGE} but ${dir} has no package.json`);
  return dir;
}
