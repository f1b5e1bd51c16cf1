/**
 * The import boundaries of eslint.config.js bite: a deliberate violation, linted through ESLint's Node API with
 * the project's own config, gets the boundary error; the legal import next to it passes. (The type-aware rules
 * are switched off here only so that these snippets need no TypeScript program; the boundary rule is the
 * project's, unchanged.)
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ overrideConfig: [{ ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] }] });

/** the boundary errors for `code` as if it were the file at `filePath` (relative to the repository) */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('the import boundaries', () => {
  it('a driver importing the rest of runtime, or a model, is an error; the core is fine', async () => {
    expect(
      await boundaryErrors(
        'drivers/x/y.ts',
        "import { RuntimeMetrics } from '../../runtime/metrics.ts';\nexport { RuntimeMetrics };\n",
      ),
    ).toEqual([expect.stringMatching(/drivers\/ imports from runtime\/ only what is in runtime\/core/)]);
    expect(await boundaryErrors('drivers/x/y.ts', "export { fitRgb } from '../../models/image.ts';\n")).toEqual([
      expect.stringMatching(/drivers\/ imports nothing from the other leaves/),
    ]);
    expect(
      await boundaryErrors('drivers/x/y.ts', "export type { Signal } from '../../runtime/core/signals.ts';\n"),
    ).toEqual([]);
  });

  it('models and displays the same, dynamic imports included', async () => {
    expect(
      await boundaryErrors('models/x/y.ts', "export const s = await import('../../displays/speaker/output.ts');\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('displays/x/y.ts', "export { Supervisor } from '../../runtime/supervisor/supervisor.ts';\n"),
    ).toHaveLength(1);
  });

  it('runtime/core imports nothing of ours outside runtime/core', async () => {
    expect(
      await boundaryErrors('runtime/core/x.ts', "export { Supervisor } from '../supervisor/supervisor.ts';\n"),
    ).toEqual([expect.stringMatching(/runtime\/core is the leaf/)]);
    expect(
      await boundaryErrors('runtime/core/x.ts', "export { DEVICE_KINDS } from '../../drivers/registry.ts';\n"),
    ).toHaveLength(1);
    expect(await boundaryErrors('runtime/core/x.ts', "export type { Signal } from './signals.ts';\n")).toEqual([]);
  });

  it('config may import the leaves and runtime/core, not the rest of runtime', async () => {
    expect(await boundaryErrors('config/x.ts', "export { RuntimeMetrics } from '../runtime/metrics.ts';\n")).toEqual([
      expect.stringMatching(/config\/ may import drivers, models, displays and runtime\/core/),
    ]);
    expect(
      await boundaryErrors(
        'config/x.ts',
        "export { DEVICE_KINDS } from '../drivers/registry.ts';\nexport type { Signal } from '../runtime/core/signals.ts';\n",
      ),
    ).toEqual([]);
    // the config sections runtime owns: their schemas, not the parts around them
    expect(
      await boundaryErrors('config/x.ts', "export { sessionConfigSchema } from '../runtime/session/config.ts';\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors('config/x.ts', "export { reduceSession } from '../runtime/session/machine.ts';\n"),
    ).toHaveLength(1);
  });

  it('test helpers: for tests only; test/ and runtime may import anything', async () => {
    const helper = "export { meanColour } from '../../test/helpers/frames.ts';\n";
    expect(await boundaryErrors('drivers/x/y.ts', helper)).toHaveLength(1);
    expect(await boundaryErrors('drivers/x/y.test.ts', helper)).toEqual([]);
    expect(
      await boundaryErrors('test/x/y.ts', "export { Supervisor } from '../../runtime/supervisor/supervisor.ts';\n"),
    ).toEqual([]);
    expect(await boundaryErrors('runtime/x.ts', "export { DEVICE_KINDS } from '../drivers/registry.ts';\n")).toEqual(
      [],
    );
  });
});
