/** More real descriptors from public sources, each with the axes, hat and buttons hid-core reads from it. */
import { describe, expect, it } from 'vitest';
import { parseReportDescriptor } from './parser.ts';
import * as wheels from './fixtures-wheels.ts';

const buttons = (n: number) => Array.from({ length: n }, (_, i) => `Button ${i + 1}`);

/** name, bytes, fields (in report order), report length in bytes, [field, bit offset, bits] checks */
const CASES: [string, Uint8Array, string[], number, [string, number, number][]][] = [
  [
    'Logitech Driving Force',
    wheels.LOGITECH_DRIVING_FORCE,
    ['X', ...buttons(12), 'Hat switch', 'Y', 'Rz'],
    7,
    [
      ['X', 0, 10],
      ['Button 12', 21, 1],
      ['Hat switch', 32, 4],
      ['Y', 40, 8],
      ['Rz', 48, 8],
    ],
  ],
  [
    'Logitech Driving Force Pro',
    wheels.LOGITECH_DRIVING_FORCE_PRO,
    ['X', ...buttons(14), 'Hat switch', 'Y', 'Rz'],
    8,
    [
      ['X', 0, 14],
      ['Button 14', 27, 1],
      ['Hat switch', 28, 4],
      ['Y', 40, 8],
      ['Rz', 48, 8],
    ],
  ],
  [
    'Logitech Formula Vibration',
    wheels.LOGITECH_FORMULA_VIBRATION,
    ['X', ...buttons(12), 'Hat switch', 'Y', 'Z'],
    7,
    [
      ['Hat switch', 32, 4],
      ['Y', 40, 8],
      ['Z', 48, 8],
    ],
  ],
  [
    'Logitech MOMO Force',
    wheels.LOGITECH_MOMO,
    ['X', ...buttons(8), 'Y', 'Z'],
    7,
    [
      ['Button 8', 17, 1],
      ['Y', 32, 8],
      ['Z', 40, 8],
    ],
  ],
  [
    'Logitech MOMO Racing Force',
    wheels.LOGITECH_MOMO2,
    ['X', ...buttons(10), 'Y', 'Z'],
    7,
    [
      ['Button 10', 19, 1],
      ['Y', 32, 8],
      ['Z', 40, 8],
    ],
  ],
  [
    'DragonRise arcade joystick (hid-dr.c fixed)',
    wheels.DRAGONRISE_0011_FIXED,
    ['X', 'Y', ...buttons(10)],
    8,
    [
      ['X', 24, 8],
      ['Y', 32, 8],
      ['Button 1', 44, 1],
      ['Button 10', 53, 1],
    ],
  ],
  [
    'DragonRise arcade joystick (its own descriptor: four X, a hat of usage 0)',
    wheels.DRAGONRISE_0011_ORIGINAL,
    ['X', 'X #2', 'X #3', 'X #4', 'Y', ...buttons(10)],
    8,
    [
      ['Y', 32, 8],
      ['Button 1', 44, 1],
    ],
  ],
  [
    'PhoenixRC 8-axis flight controller',
    wheels.PHOENIXRC_FLIGHT,
    ['X', 'Slider', 'Y', 'Z', 'Rx', 'Ry', 'Rz', 'Dial'],
    8,
    [
      ['Slider', 8, 8],
      ['Dial', 56, 8],
    ],
  ],
  ['VRC-2 car controller', wheels.VRC2_CAR, ['X', 'Y'], 7, [['Y', 16, 16]]],
  [
    'BigBen PS3 mini pad (its own descriptor)',
    wheels.BIGBEN_PS3_ORIGINAL,
    [...buttons(13), 'Hat switch', 'X', 'Y', 'Z', 'Rz'],
    27,
    [
      ['Hat switch', 16, 4],
      ['X', 24, 8],
      ['Rz', 48, 8],
    ],
  ],
  [
    'BigBen PS3 mini pad (hid-bigbenff.c fixed)',
    wheels.BIGBEN_PS3_FIXED,
    [5, 1, 2, 4, 7, 8, 9, 10, 11, 12, 14, 15, 13]
      .map((n) => `Button ${n}`)
      .concat(['Hat switch', 'X', 'Y', 'Rx', 'Ry', 'Z', 'Rz']),
    35,
    [
      ['Button 5', 0, 1],
      ['Rx', 40, 8],
      ['Z', 136, 8],
      ['Rz', 144, 8],
    ],
  ],
];

describe('real descriptors: what hid-core reads from them', () => {
  it('the original descriptors have the sizes the kernel drivers check before fixing them up', () => {
    expect(wheels.BIGBEN_PS3_ORIGINAL.length).toBe(137); // hid-bigbenff.c PID0902_RDESC_ORIG_SIZE
    expect(wheels.DRAGONRISE_0011_ORIGINAL.length).toBe(101); // hid-dr.c PID0011_RDESC_ORIG_SIZE
  });

  it.each(CASES)('%s', (_name, bytes, names, reportBytes, checks) => {
    const d = parseReportDescriptor(bytes);
    expect(d.fields.map((f) => f.name)).toEqual(names);
    const reportId = d.reportIds[0] as number;
    expect(d.reportLengths[reportId]).toBe(reportBytes);
    const by = Object.fromEntries(d.fields.map((f) => [f.name, f]));
    for (const [name, bitOffset, bitSize] of checks) expect(by[name], name).toMatchObject({ bitOffset, bitSize });
  });
});
