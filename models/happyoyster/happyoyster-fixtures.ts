/** Fixtures shared by the HappyOyster tests (happyoyster-*.test.ts): a model folder, and a model loaded against the stand-in. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../runtime/core/log.ts';
import { HappyOysterWorldModel } from './model.ts';

export const log = silentLogger();

export function folder(happyoyster: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nacre-happyoyster-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ format: 'wm/1', name: 'oyster-test', width: 1280, height: 720, happyoyster }),
  );
  return dir;
}

/** a model for the entry `h` against the stand-in at `api`, its key in the environment variable HO_KEY */
export function loadAgainst(
  api: { url: string; key: string },
  h: Record<string, unknown>,
): Promise<HappyOysterWorldModel> {
  return HappyOysterWorldModel.load(
    folder({ baseUrl: api.url, keyEnv: 'HO_KEY', statusPollMs: 50, buildPollMs: 50, ...h }),
    { env: { HO_KEY: api.key }, log },
  );
}
