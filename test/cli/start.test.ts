/** `nacre start` refuses a broken configuration: each kind of bad file gives its message and a non-zero exit. */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Run {
  code: number;
  stderr: string;
  stdout: string;
}

function start(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'runtime/cli/index.ts', 'start', ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

async function configFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-config-'));
  const file = join(dir, 'exhibit.yaml');
  await writeFile(file, text);
  return file;
}

describe('nacre start with a broken configuration', () => {
  it('a missing file', async () => {
    const r = await start(['--config', '/nonexistent/exhibit.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/exhibit\.yaml/);
    expect(r.stderr).toMatch(/not found/i);
  });

  it('YAML that does not parse, with its line', async () => {
    const file = await configFile('displays:\n  - id: main\nhttp:\n  port: 80: 90\n');
    const r = await start(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4:9`);
    expect(r.stderr).toMatch(/YAML syntax/);
  });

  it('every schema problem at once, each with its line and path', async () => {
    const file = await configFile(
      'http:\n  port: eighty\ndisplays:\n  - id: main\n    colour: red\nsession:\n  mode: theatre\n',
    );
    const r = await start(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:2:\d+ http\.port/);
    expect(r.stderr).toMatch(/:5:\d+ displays\.0.*colour/);
    expect(r.stderr).toMatch(/:7:\d+ session\.mode.*wander/);
    expect(r.stderr).toMatch(/did not start/);
  });

  it('an empty file', async () => {
    const r = await start(['--config', await configFile('# nothing yet\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty/i);
  });

  it('a model folder that is not there', async () => {
    const file = await configFile('model:\n  path: models/nowhere\ndisplays:\n  - id: main\nhttp:\n  port: 0\n');
    const r = await start(['--config', file], { NACRE_CONSOLE_PASSWORD: 'test-password' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/models\/nowhere\/manifest\.json: file not found/);
  });

  it('a NACRE_CONSOLE_PASSWORD shorter than the config file allows', async () => {
    const r = await start(['--config', 'config/default.yaml'], { NACRE_CONSOLE_PASSWORD: 'a' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NACRE_CONSOLE_PASSWORD must be at least 8 characters/);
  });

  it("issue 16's config findings: exit 2, each at its file:line:column", async () => {
    const file = await configFile(
      [
        'displays: [{ id: main }]',
        'model: { threads: 10000 }',
        'speakers: [{ id: s1 }, { id: s1 }]',
        'gamepads: [{ id: p1 }, { id: p1 }]',
        'cameras:',
        '  - { id: c, source: { file: a.jpg } }',
        '  - { id: c, source: { file: b.jpg } }',
        'conditions: { fallbacks: { style: &a { x: *a } } }',
      ].join('\n'),
    );
    const r = await start(['--config', file]);
    expect(r.code).toBe(2);
    for (const where of [':2:19 model.threads', ':3:30 speakers.1.id', ':4:30 gamepads.1.id', ':7:11 cameras.1.id'])
      expect(r.stderr).toContain(where);
    expect(r.stderr).toMatch(/:8:\d+ conditions\.fallbacks\.style: a mapping is not/);
    expect(r.stderr).not.toMatch(/circular/i);
  });

  it('a PORT that is not a port', async () => {
    const r = await start(['--config', 'config/default.yaml'], { PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT must be a port number/);
  });
});

describe('nacre start options', () => {
  it('--provider reaches the model: it overrides model.provider', async () => {
    const r = await start(['--config', 'config/default.yaml', '--provider', 'cuda', '--seconds', '1'], {
      PORT: '0',
      NACRE_CONSOLE_PASSWORD: 'test-password',
    });
    if (r.code === 0) {
      // a machine with CUDA: the exhibit ran on it
      expect(r.stdout).toMatch(/model\s+models\/default on cuda \(--provider\)/);
    } else {
      // no CUDA here: the model refused to start on it, which a config with provider: cpu would not have done
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/execution provider "cuda"/);
    }
  });

  it('--provider must name a provider', async () => {
    const r = await start(['--provider', 'gpu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--provider must be cpu, cuda or tensorrt, not "gpu"/);
  });

  it('an option start does not take is refused, not ignored', async () => {
    const r = await start(['--model', 'models/default']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nacre start does not take --model: it takes --config, --seconds, --provider/);
    const unknown = await start(['--gpu']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--gpu'/);
  });
});
