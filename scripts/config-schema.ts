/** npm run config-schema: writes config/nacre.schema.json from the config's zod schema (config/json-schema.ts). */
import { writeFile } from 'node:fs/promises';
import { configJsonSchema } from '../config/json-schema.ts';

const out = new URL('../config/nacre.schema.json', import.meta.url);
await writeFile(out, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out.pathname}`);
