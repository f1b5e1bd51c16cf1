import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './loader.ts';
import { configSchema } from './schema.ts';

describe('shipped configurations', () => {
  it('config/default.yaml and every example are valid', async () => {
    const files = [
      'config/default.yaml',
      ...(await readdir('config/examples')).filter((f) => f.endsWith('.yaml')).map((f) => `config/examples/${f}`),
    ];
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) await expect(loadConfigFile(file, configSchema), file).resolves.toBeDefined();
  });
});
