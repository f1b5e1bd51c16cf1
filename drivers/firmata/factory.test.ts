import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/helpers/log.ts';
import { createFirmataFactory } from './factory.ts';
import { firmataSchema } from './schema.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacre-firmata-factory-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Firmata config', () => {
  it('fills in the defaults', () => {
    expect(firmataSchema.parse({ id: 'panel', path: '/dev/serial/by-id/x' })).toEqual({
      id: 'panel',
      path: '/dev/serial/by-id/x',
      baudRate: 57600,
      readyTimeoutMs: 6000,
      inputs: [],
      outputs: [],
    });
  });

  it('refuses unknown keys, analog inputs on digital pins, the UART pins, and pins or channels used twice', () => {
    const issues = (c: Record<string, unknown>) => {
      const r = firmataSchema.safeParse({ id: 'panel', path: '/dev/serial/by-id/x', ...c });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ baud: 9600 })).toEqual([expect.stringMatching(/Unrecognized key.*baud/)]);
    expect(issues({ inputs: [{ pin: 3, kind: 'analog' }] })).toEqual([
      'inputs.0.pin: an analog input needs an analog pin (A0..A5), got 3',
    ]);
    expect(issues({ outputs: [{ pin: 1, kind: 'led' }] })).toEqual([expect.stringMatching(/^outputs\.0\.pin: /)]);
    expect(issues({ inputs: [{ pin: 2, kind: 'button' }], outputs: [{ pin: 2, kind: 'led' }] })).toEqual([
      'outputs.0.pin: pin 2 is configured twice',
    ]);
    expect(
      issues({
        inputs: [
          { pin: 2, kind: 'button', channel: 'go' },
          { pin: 'A0', kind: 'analog', channel: 'go' },
        ],
      }),
    ).toEqual(['inputs.1.channel: channel "go" is used twice']);
  });
});

describe('Firmata factory', () => {
  it('finds a board while its configured path exists, by that path, not by what the link points to', async () => {
    const target = join(dir, 'ttyACM7');
    const link = join(dir, 'usb-Arduino_Uno_ABC-if00');
    await writeFile(target, '');
    await symlink(target, link);
    const factory = createFirmataFactory();
    expect(await factory.discover(firmataSchema.parse({ id: 'panel', path: link }))).toEqual([
      { id: link, path: link, label: 'Firmata board "panel"' },
    ]);
    await rm(target);
    expect(await factory.discover(firmataSchema.parse({ id: 'panel', path: link }))).toEqual([]);
  });

  it('warns once per board configured by a ttyUSB/ttyACM name', () => {
    const { log, lines } = memoryLogger();
    const factory = createFirmataFactory();
    const c = firmataSchema.parse({ id: 'panel', path: '/dev/ttyUSB0' });
    factory.create(c, { id: c.path, path: c.path }, log);
    factory.create(c, { id: c.path, path: c.path }, log);
    factory.create(
      firmataSchema.parse({ id: 'other', path: '/dev/serial/by-id/usb-x' }),
      { id: 'x', path: '/dev/serial/by-id/usb-x' },
      log,
    );
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      "/dev/ttyUSB0 names whichever board the kernel found first and can change on replug: configure the board's /dev/serial/by-id/... path instead",
    ]);
  });
});
