/** Issue 16's config findings, each refused by the schema with its line and column (exit 2 at start). */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from './loader.ts';
import { configSchema } from './schema.ts';

const BASE = 'displays:\n  - id: main\n';

function problems(text: string): { line?: number; column?: number; path: string; message: string }[] {
  try {
    parseConfigText(text, 'exhibit.yaml', configSchema);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('the config was accepted');
}

describe('limits on numbers that could break the machine', () => {
  it('model.threads above 4 per core', () => {
    const [p] = problems(`${BASE}model:\n  threads: 10000\n`);
    expect(p).toMatchObject({ line: 4, column: 12, path: 'model.threads' });
    expect(p?.message).toContain(`at most ${availableParallelism() * 4}`);
    expect(() => parseConfigText(`${BASE}model:\n  threads: 2\n`, 'x', configSchema)).not.toThrow();
  });

  it('a gamepad count of 1e308 is refused at its line, and a duplicate id beside it too (the 100,000-case fuzz soak found the count made 1e308 slots)', () => {
    const found = problems(`${BASE}gamepads:\n  - { id: player, count: 1e308 }\n  - { id: player }\n`);
    expect(found.map((p) => p.message)).toContain('must be at most 16, not 1e+308');
    expect(found.find((p) => p.message.includes('16'))).toMatchObject({ path: 'gamepads.0.count', line: 4 });
    // the other checks still run: the second pad's id is the first one's
    expect(found.find((p) => p.path === 'gamepads.1.id')?.message).toMatch(/device id "player" is already used/);
  });

  it('serial.heartbeatSeconds above an hour (a timer that overflows)', () => {
    const [p] = problems(`${BASE}serial:\n  - { id: s, path: /dev/ttyUSB0, heartbeatSeconds: 3000000 }\n`);
    expect(p).toMatchObject({ line: 4, path: 'serial.0.heartbeatSeconds' });
    expect(p?.message).toMatch(/at most 3600/);
  });

  it.each([
    ['session:\n  idleSeconds: 1e12\n', 'session.idleSeconds'],
    ['session:\n  maxSeconds: 1e12\n', 'session.maxSeconds'],
    ['osc:\n  maxDelaySeconds: 1e9\n', 'osc.maxDelaySeconds'],
    ['serial:\n  - { id: s, path: /dev/ttyUSB0, maxLength: 1e12 }\n', 'serial.0.maxLength'],
    ['firmata:\n  - { id: f, path: /dev/ttyACM0, readyTimeoutMs: 1e12 }\n', 'firmata.0.readyTimeoutMs'],
  ])('%s', (text, path) => {
    expect(problems(`${BASE}${text}`).map((p) => p.path)).toContain(path);
  });
});

describe('ids given twice, at the second one', () => {
  it('speakers', () => {
    const [p] = problems(`${BASE}speakers:\n  - id: hall\n  - id: hall\n`);
    expect(p).toMatchObject({ line: 5, column: 9, path: 'speakers.1.id' });
    expect(p?.message).toMatch(/"hall" is already used by speakers\.0/);
  });

  it('a speaker named like a display', () => {
    expect(problems(`${BASE}speakers:\n  - id: main\n`)[0]).toMatchObject({ line: 4, path: 'speakers.0.id' });
  });

  it('gamepads, also a slot of a counted pad', () => {
    expect(problems(`${BASE}gamepads:\n  - id: p1\n  - id: p1\n`)[0]).toMatchObject({ line: 5, path: 'gamepads.1.id' });
    const slots = problems(`${BASE}gamepads:\n  - { id: p, count: 2 }\n  - { id: p2 }\n`);
    expect(slots[0]).toMatchObject({ line: 5, path: 'gamepads.1.id' });
  });

  it('cameras, and devices of different kinds', () => {
    const cams = `cameras:\n  - { id: c, source: { file: a.jpg } }\n  - { id: c, source: { file: b.jpg } }\n`;
    expect(problems(`${BASE}${cams}`)[0]).toMatchObject({ line: 5, path: 'cameras.1.id' });
    const mixed = `serial:\n  - { id: x, path: /dev/ttyUSB0 }\ngamepads:\n  - { id: x }\n`;
    expect(problems(`${BASE}${mixed}`)[0]).toMatchObject({ line: 6, path: 'gamepads.0.id' });
  });

  it('displays', () => {
    expect(problems('displays:\n  - id: a\n  - id: a\n')[0]).toMatchObject({ line: 3, path: 'displays.1.id' });
  });
});

describe('condition fallbacks', () => {
  it('a value that cannot drive its condition, at its line', () => {
    const [p] = problems(`${BASE}conditions:\n  fallbacks:\n    move: abc\n`);
    expect(p).toMatchObject({ line: 5, column: 11, path: 'conditions.fallbacks.move' });
    expect(p?.message).toMatch(/cannot drive "move"/);
  });

  it('a condition that does not exist', () => {
    const [p] = problems(`${BASE}conditions:\n  fallbacks:\n    speed: 1\n`);
    expect(p).toMatchObject({ line: 5, path: 'conditions.fallbacks.speed' });
  });

  it('a mapping that refers to itself (a YAML alias) is named, not printed', () => {
    const [p] = problems(`${BASE}conditions:\n  fallbacks:\n    style: &a { x: *a }\n`);
    expect(p).toMatchObject({ line: 5, path: 'conditions.fallbacks.style' });
    expect(p?.message).toMatch(/a mapping is not a finite number/);
    expect(p?.message).not.toMatch(/circular/);
  });
});
