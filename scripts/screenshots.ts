/** Renders README's screenshots of every preset of the default world: npm run screenshots */
import { mkdir } from 'node:fs/promises';
import { readModelFolder } from '../models/contract/folder.ts';
import { snapshot } from '../runtime/cli/snapshot.ts';

const dir = 'docs/screenshots';
await mkdir(dir, { recursive: true });
const { manifest } = await readModelFolder('models/default');
for (const style of Object.keys(manifest.style?.presets ?? {})) {
  await snapshot({ model: 'models/default', provider: 'cpu', style, seed: 1, steps: 3, out: `${dir}/${style}.jpg` });
}
