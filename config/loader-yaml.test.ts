import { describe, expect, it } from 'vitest';
import { parseConfigText } from './loader.ts';
import { exhibitSchema, problems, valid, yaml } from './loader-fixtures.ts';

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
