import { describe, expect, it } from 'vitest';
import { formatConfigError } from './loader.ts';
import { problems, refusal, valid, yaml } from './loader-fixtures.ts';

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
