import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CACHE } from './firmware.ts';

const run = promisify(execFile);

/** The simavr harness (harness.c), built into the cache with gcc when missing or older than its source. */
export async function harnessBinary(): Promise<string> {
  const source = fileURLToPath(new URL('./harness.c', import.meta.url));
  const binary = join(CACHE, 'harness');
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  await mkdir(CACHE, { recursive: true });
  const building = `${binary}.${randomUUID()}`;
  try {
    await run('gcc', ['-O2', '-Wall', '-o', building, source, '-lsimavr']);
  } catch (err) {
    const why = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    throw new Error(
      `cannot build the simavr harness: ${why}\nIt needs gcc and libsimavr-dev: run scripts/install-system-packages.sh`,
    );
  }
  await rename(building, binary);
  return binary;
}
