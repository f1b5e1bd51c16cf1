import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from './loader.ts';
import { exhibitSchema, valid, yaml } from './loader-fixtures.ts';

describe('loadConfigFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nacre-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadError(file: string): Promise<ConfigError> {
    const err = await loadConfigFile(file, exhibitSchema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }

  it('loads and validates a real file', async () => {
    const file = join(dir, 'exhibit.yaml');
    await writeFile(file, yaml(...valid));
    await expect(loadConfigFile(file, exhibitSchema)).resolves.toMatchObject({
      http: { port: 8080 },
      model: { provider: 'cuda' },
    });
  });

  it('reports the schema problems of a file under its name', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, yaml('http:', '  port: 0', ...valid.slice(2)));
    expect((await loadError(file)).message.split('\n')[0]).toBe(`${file}:2:9 http.port: must be at least 1, not 0`);
  });

  it('says which file was not found and suggests --config', async () => {
    const err = await loadError('config/no-such-exhibit.yaml');
    expect(err.file).toBe('config/no-such-exhibit.yaml');
    expect(err.problems).toEqual([
      {
        path: '',
        message: `file not found (looked for ${resolve('config/no-such-exhibit.yaml')}); name the config file with --config <file>`,
      },
    ]);
  });

  it('says a directory is not a config file', async () => {
    const err = await loadError(dir);
    expect(err.message).toBe(`${dir}: is a directory, not a config file; name the file with --config <file>`);
  });

  it.skipIf(process.getuid?.() === 0)(
    'says a file it may not read cannot be read (skipped as root, who reads anything)',
    async () => {
      const file = join(dir, 'locked.yaml');
      await writeFile(file, yaml(...valid));
      await chmod(file, 0o000);
      expect((await loadError(file)).problems[0]?.message).toBe(
        'cannot be read: permission denied; let the user running Nacre read it',
      );
    },
  );

  it('says a file in a missing folder was not found', async () => {
    const err = await loadError(join(dir, 'missing', 'exhibit.yaml'));
    expect(err.problems[0]?.message).toMatch(/^file not found/);
  });
});
