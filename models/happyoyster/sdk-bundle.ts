/**
 * HappyOyster's web SDK for the display page, when the kiosk has it installed (an optional dependency under
 * its own licence: `npm install @happy-oyster/js-sdk`). Its published files import each other and its own
 * dependencies by bare names, which a browser cannot resolve, so they are bundled in memory with esbuild
 * (which tsx brings) on the first request; nothing of it is copied into this repository.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** the installed package's folder: $NACRE_HAPPYOYSTER_SDK (a folder), else node_modules/@happy-oyster/js-sdk */
export async function sdkDir(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dir = env.NACRE_HAPPYOYSTER_SDK || join(ROOT, 'node_modules', '@happy-oyster', 'js-sdk');
  return access(join(dir, 'package.json')).then(
    () => dir,
    () => undefined,
  );
}

/** the bundle of the SDK in one folder (a kiosk has one; the tests switch between an SDK and its stand-in) */
let cached: { dir: string; js: Promise<string> } | undefined;

/** the SDK as one ES module, or undefined when it is not installed */
export async function sdkBundle(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  // only a bundle is kept: an SDK installed later is found at the next request
  const dir = await sdkDir(env);
  if (!dir) return undefined;
  if (cached?.dir !== dir) {
    const js = bundle(dir);
    cached = { dir, js };
    js.catch(() => cached?.js === js && (cached = undefined));
  }
  return cached.js;
}

async function bundle(dir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
    main?: string;
    exports?: { '.'?: { import?: string } };
  };
  const entry = join(dir, pkg.exports?.['.']?.import ?? pkg.main ?? 'index.js');
  const { build } = await import('esbuild');
  const out = await build({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const js = out.outputFiles[0]?.text;
  if (js === undefined) throw new Error(`esbuild made nothing of the SDK in ${dir}`);
  return js;
}
