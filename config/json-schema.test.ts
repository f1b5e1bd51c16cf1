/** The published JSON Schema of the config: current with the zod schema, and it checks files as the loader does. */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema } from './json-schema.ts';

const published = JSON.parse(readFileSync('config/nacre.schema.json', 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false }).compile(published);

describe('config/nacre.schema.json', () => {
  it('is what the zod schema gives now (npm run config-schema writes it)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it('accepts the default config and every example', () => {
    const files = ['config/default.yaml', ...readdirSync('config/examples').map((f) => `config/examples/${f}`)];
    for (const file of files.filter((f) => f.endsWith('.yaml'))) {
      expect(validate(parse(readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('refuses an unknown key, a wrong type and a number beyond its limit', () => {
    for (const bad of [
      { displays: [{ id: 'main' }], colour: 'red' },
      { displays: [{ id: 'main' }], http: { port: 'eighty' } },
      { displays: [{ id: 'main' }], serial: [{ id: 's', path: '/dev/x', heartbeatSeconds: 3000000 }] },
    ])
      expect(validate(bad)).toBe(false);
  });
});
