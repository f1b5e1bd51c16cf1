import { z } from 'zod';
import { configSchema } from './schema.ts';

interface Schema {
  properties?: Record<string, Schema>;
  maximum?: number;
  [key: string]: unknown;
}

/**
 * The exhibit config as a JSON Schema (draft 2020-12) for editors: the YAML language server completes and
 * checks keys with it. Written to config/nacre.schema.json by `npm run config-schema`; what only the loader
 * can check (ids across sections, 4 threads per core of *this* machine) stays with the loader.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Schema;
  // the thread limit depends on the machine the file is made on: the loader checks it where the kiosk runs
  delete schema.properties?.model?.properties?.threads?.maximum;
  return { ...schema, $id: 'https://nacre.invalid/config.schema.json', title: 'Nacre exhibit configuration' };
}
