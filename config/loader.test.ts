import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, formatConfigError, loadConfigFile, parseConfigText, type ConfigProblem } from './loader.ts';

const exhibitSchema = z.strictObject({
  http: z.strictObject({
    port: z.number().int().min(1).max(65535),
    host: z.string().default('0.0.0.0'),
  }),
  model: z.strictObject({
    path: z.string(),
    provider: z.enum(['cpu', 'cuda', 'tensorrt']),
    lookahead: z.union([z.literal(0), z.literal(1)]).default(1),
  }),
  session: z.strictObject({ idleSeconds: z.number().positive() }).default({ idleSeconds: 60 }),
  displays: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), width: z.number().int().positive().optional() }))
    .min(1, 'at least one display'),
  inputs: z
    .array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('osc'), port: z.number() }),
        z.strictObject({ type: z.literal('gamepad') }),
      ]),
    )
    .default([]),
});

/** YAML from lines, so each test reads with its line numbers. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

const valid = [
  'http:', //              1
  '  port: 8080', //       2
  'model:', //             3
  '  path: models/walk', //4
  '  provider: cuda', //   5
  'displays:', //          6
  '  - id: left', //       7
  '    width: 1920', //    8
  '  - id: right', //      9
];

function refusal(text: string, file = 'exhibit.yaml'): ConfigError {
  try {
    parseConfigText(text, file, exhibitSchema);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('the config was accepted');
}

const problems = (text: string): ConfigProblem[] => refusal(text).problems;

describe('parseConfigText: valid files', () => {
  it('returns the parsed config with schema defaults filled in', () => {
    const config = parseConfigText(yaml(...valid), 'exhibit.yaml', exhibitSchema);
    expect(config.http).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(config.model).toEqual({ path: 'models/walk', provider: 'cuda', lookahead: 1 });
    expect(config.displays).toEqual([{ id: 'left', width: 1920 }, { id: 'right' }]);
  });

  it('resolves anchors, aliases and << merge keys', () => {
    const text = yaml(
      'http: { port: 8080 }',
      'model: { path: m, provider: cpu }',
      'displays:',
      '  - &wall { id: left, width: 1920 }',
      '  - { <<: *wall, id: right }',
      '  - *wall',
    );
    const config = parseConfigText(text, 'exhibit.yaml', exhibitSchema);
    expect(config.displays).toEqual([
      { id: 'left', width: 1920 },
      { id: 'right', width: 1920 },
      { id: 'left', width: 1920 },
    ]);
  });
});

describe('parseConfigText: files that are not a config', () => {
  it('says an empty file is empty', () => {
    expect(problems('')).toEqual([{ path: '', message: expect.stringContaining('the file is empty') }]);
    expect(problems('\n\n')).toEqual([{ path: '', message: expect.stringContaining('the file is empty') }]);
  });

  it('says a file of only comments is empty', () => {
    expect(problems(yaml('# exhibit config', '# todo'))).toEqual([
      { path: '', message: expect.stringContaining('the file is empty') },
    ]);
    expect(problems(yaml('# only a marker', '---'))).toEqual([
      { path: '', message: expect.stringContaining('the file is empty') },
    ]);
  });

  it('reports every YAML syntax error with its line', () => {
    const text = yaml('http:', '  port: 8080', ' host: x', 'model: [cpu', 'displays: "left');
    expect(problems(text)).toEqual([
      { line: 3, column: 1, path: '', message: 'YAML syntax: All mapping items must start at the same column' },
      {
        line: 5,
        column: 1,
        path: '',
        message: 'YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
      { line: 6, column: 1, path: '', message: 'YAML syntax: Missing closing "quote' },
    ]);
  });

  it('reports tabs used as indentation', () => {
    expect(problems(yaml('http:', '\tport: 8080'))).toEqual([
      { line: 2, column: 1, path: '', message: 'YAML syntax: Tabs are not allowed as indentation' },
    ]);
  });

  it('refuses a list at the top level', () => {
    expect(problems(yaml('# displays', '- id: left', '- id: right'))).toEqual([
      {
        line: 2,
        column: 1,
        path: '',
        message: 'the top level must be a mapping of settings (lines of "key: value"), but the file holds a list',
      },
    ]);
  });

  it('refuses a single value at the top level', () => {
    expect(problems(yaml('config/exhibit.yaml'))).toEqual([
      {
        line: 1,
        column: 1,
        path: '',
        message:
          'the top level must be a mapping of settings (lines of "key: value"), but the file holds the single value "config/exhibit.yaml"',
      },
    ]);
  });

  it('reports each duplicate key with its path and line', () => {
    const text = yaml('http:', '  port: 8080', '  port: 9090', ...valid.slice(2), 'displays: []');
    expect(problems(text)).toEqual([
      {
        line: 3,
        column: 3,
        path: 'http.port',
        message: 'duplicate key "port": a key may appear only once in a mapping',
      },
      {
        line: 11,
        column: 1,
        path: 'displays',
        message: 'duplicate key "displays": a key may appear only once in a mapping',
      },
    ]);
  });

  it('refuses several YAML documents in one file', () => {
    const text = yaml(...valid, '---', 'http: { port: 9090 }');
    expect(problems(text)).toEqual([
      {
        line: 10,
        column: 1,
        path: '',
        message: 'holds 2 YAML documents (separated by ---); a config file holds exactly one',
      },
    ]);
  });

  it('reports an alias whose anchor does not exist', () => {
    const text = yaml(...valid.slice(0, 6), '  - *wall');
    expect(problems(text)).toEqual([
      { line: 7, column: 5, path: '', message: 'alias *wall refers to no anchor: define &wall above it' },
    ]);
  });
});

describe('parseConfigText: schema problems', () => {
  it('reports every problem at once, sorted by line, each at its node', () => {
    const text = yaml(
      'displays:', //                  1
      '  - id: left', //               2
      '  - id: Right Wall', //         3
      '    widht: 1920', //            4
      'http:', //                      5
      '  port: 70000', //              6
      'model:', //                     7
      '  provider: gpu', //            8
      'sesion:', //                    9
      '  idleSeconds: 30', //          10
    );
    expect(problems(text)).toEqual([
      {
        line: 3,
        column: 9,
        path: 'displays.1.id',
        message: '"Right Wall" does not match the pattern /^[a-z][a-z0-9-]*$/',
      },
      { line: 4, column: 5, path: 'displays.1.widht', message: 'unknown key "widht" (allowed here: id, width)' },
      { line: 6, column: 9, path: 'http.port', message: 'must be at most 65535, not 70000' },
      { line: 7, column: 1, path: 'model.path', message: 'required "path" is missing' },
      { line: 8, column: 13, path: 'model.provider', message: 'must be one of cpu, cuda, tensorrt, not "gpu"' },
      {
        line: 9,
        column: 1,
        path: 'sesion',
        message: 'unknown key "sesion" (allowed here: http, model, session, displays, inputs)',
      },
    ]);
  });

  it('places a required key missing from a list item on that item', () => {
    const text = yaml(...valid.slice(0, 7), '  - width: 1280');
    expect(problems(text)).toEqual([
      { line: 8, column: 5, path: 'displays.1.id', message: 'required "id" is missing' },
    ]);
  });

  it('places a required key missing at the top on the first line of the file', () => {
    const text = yaml('# exhibit', ...valid.slice(0, 5));
    expect(problems(text)).toEqual([
      { line: 2, column: 1, path: 'displays', message: 'required "displays" is missing' },
    ]);
  });

  it('words wrong types for integrators', () => {
    const text = yaml(
      'http:',
      '  port: "8080"',
      'model:',
      '  path:',
      '  provider: cpu',
      'session:',
      '  idleSeconds: 1.5e',
      'displays: left',
    );
    expect(problems(text)).toEqual([
      {
        line: 2,
        column: 9,
        path: 'http.port',
        message: 'expected a number, got "8080" (written as text: remove the quotes)',
      },
      { line: 4, column: 8, path: 'model.path', message: 'expected text, got nothing' },
      { line: 7, column: 16, path: 'session.idleSeconds', message: 'expected a number, got "1.5e"' },
      { line: 8, column: 11, path: 'displays', message: 'expected a list, got "left"' },
    ]);
  });

  it('words whole numbers, literal unions, discriminated unions and messages the schema sets', () => {
    const text = yaml(
      'http: { port: 80.5 }', //                      1
      'model: { path: m, provider: cpu, lookahead: 2 }', // 2
      'displays: []', //                               3
      'inputs:', //                                    4
      '  - type: midi', //                             5
      '  - port: 9000', //                             6
    );
    expect(problems(text)).toEqual([
      { line: 1, column: 15, path: 'http.port', message: 'expected a whole number, got 80.5' },
      { line: 2, column: 45, path: 'model.lookahead', message: 'must be one of 0, 1, not 2' },
      { line: 3, column: 11, path: 'displays', message: 'at least one display' },
      { line: 5, column: 11, path: 'inputs.0.type', message: 'must be one of osc, gamepad, not "midi"' },
      { line: 6, column: 5, path: 'inputs.1.type', message: 'required "type" is missing (one of osc, gamepad)' },
    ]);
  });

  it('places a problem inside an anchored block on the anchor, and a bad merge on the merged key', () => {
    const text = yaml(
      ...valid.slice(0, 6), // 1-6
      '  - &wall', //          7
      '    id: left', //       8
      '    width: -3', //      9
      '  - <<: *wall', //      10
      '    id: right', //      11
      '    height: 1080', //   12
    );
    expect(problems(text)).toEqual([
      { line: 9, column: 12, path: 'displays.0.width', message: 'must be more than 0, not -3' },
      { line: 9, column: 12, path: 'displays.1.width', message: 'must be more than 0, not -3' },
      { line: 12, column: 5, path: 'displays.1.height', message: 'unknown key "height" (allowed here: id, width)' },
    ]);
  });
});

describe('ConfigError text', () => {
  const text = yaml('http:', '  port: 0', 'model:', '  provider: cpu', 'displays:', '  - id: left', '    depth: 3');

  it('puts one problem per line as file:line:column path: message', () => {
    expect(refusal(text, 'config/hall.yaml').message).toBe(
      [
        'config/hall.yaml:2:9 http.port: must be at least 1, not 0',
        'config/hall.yaml:3:1 model.path: required "path" is missing',
        'config/hall.yaml:7:5 displays.0.depth: unknown key "depth" (allowed here: id, width)',
      ].join('\n'),
    );
  });

  it('formats a heading with the count, then each problem', () => {
    const formatted = formatConfigError(refusal(text, 'config/hall.yaml'));
    expect(formatted.split('\n')).toEqual([
      'config/hall.yaml has 3 problems:',
      '  config/hall.yaml:2:9 http.port: must be at least 1, not 0',
      '  config/hall.yaml:3:1 model.path: required "path" is missing',
      '  config/hall.yaml:7:5 displays.0.depth: unknown key "depth" (allowed here: id, width)',
    ]);
  });

  it('leaves out the position of problems with the file as a whole', () => {
    expect(refusal('', 'config/hall.yaml').message).toBe(
      'config/hall.yaml: the file is empty (nothing but comments or blank lines): it holds no settings',
    );
  });
});

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
