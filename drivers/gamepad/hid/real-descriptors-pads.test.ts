/**
 * Eleven more real descriptors (DJm00n/ControllersInfo dumps: Xbox pads over Bluetooth, DualSense, Stadia, Luna,
 * Switch Pro, and the HID Windows gives Xbox 360 flight sticks, wheels and arcade sticks), each with the axes,
 * hat and buttons hid-core reads from it, and a report decoded the way hid-input would.
 */
import { describe, expect, it } from 'vitest';
import { decodeReport } from './decode.ts';
import * as pads from './fixtures-pads.ts';
import { parseReportDescriptor } from './parser.ts';

const buttons = (n: number) => Array.from({ length: n }, (_, i) => `Button ${i + 1}`);
const named = (ns: number[]) => ns.map((n) => `Button ${n}`);
/** the Xbox pads' Bluetooth report 1: two 16-bit sticks, 10-bit triggers, a 1..8 hat, 15 buttons */
const XBOX_BT = ['X', 'Y', 'Z', 'Rz', 'Brake', 'Accelerator', 'Hat switch', ...buttons(15)];

/** name, bytes, the input report read, its fields (in report order), its length in bytes, [field, bit offset, bits, logical min, max] */
type Case = [string, Uint8Array, number, string[], number, [string, number, number, number, number][]];
const CASES: Case[] = [
  [
    'Xbox One (1708) over Bluetooth',
    pads.XBOX_ONE_1708_BLUETOOTH,
    1,
    XBOX_BT,
    17,
    [
      ['X', 0, 16, 0, 65535],
      ['Brake', 64, 10, 0, 1023],
      ['Hat switch', 96, 4, 1, 8],
      ['Button 15', 118, 1, 0, 1],
    ],
  ],
  [
    'Xbox Elite Series 2 (1797) over Bluetooth',
    pads.XBOX_ELITE2_BLUETOOTH,
    1,
    XBOX_BT,
    39,
    [
      ['Rz', 48, 16, 0, 65535],
      ['Accelerator', 80, 10, 0, 1023],
    ],
  ],
  [
    'Xbox Series (1914) over Bluetooth LE',
    pads.XBOX_SERIES_BLUETOOTH_LE,
    1,
    XBOX_BT,
    17,
    [
      ['Y', 16, 16, 0, 65535],
      ['Button 1', 104, 1, 0, 1],
    ],
  ],
  // 26 ff ff: a logical maximum whose sign bit is set; hid-core reads it unsigned since the minimum is 0
  [
    'Xbox 360 flight stick (XUSB HID)',
    pads.XUSB_FLIGHTSTICK,
    0,
    ['Z', 'Rz', 'X', 'Y', 'Rx', 'Ry', ...buttons(10), 'Hat switch'],
    12,
    [
      ['Z', 0, 8, 0, 255],
      ['X', 16, 16, 0, 65535],
      ['Ry', 64, 16, 0, 65535],
      ['Hat switch', 90, 4, 1, 8],
    ],
  ],
  [
    'Xbox 360 racing wheel (XUSB HID)',
    pads.XUSB_WHEEL,
    0,
    ['X', 'Z', 'Throttle', ...buttons(10), 'Hat switch'],
    8,
    [
      ['X', 0, 16, 0, 65535],
      ['Throttle', 24, 8, 0, 255],
      ['Hat switch', 48, 4, 1, 8],
    ],
  ],
  // buttons declared with no logical range (0..0): hid-input passes their bits on unclamped
  [
    'Xbox 360 arcade stick (XUSB HID)',
    pads.XUSB_ARCADE_STICK,
    0,
    [...buttons(10), 'Hat switch'],
    4,
    [
      ['Button 10', 9, 1, 0, 0],
      ['Hat switch', 16, 4, 1, 8],
    ],
  ],
  [
    'DualSense over USB',
    pads.DUALSENSE_USB,
    1,
    ['X', 'Y', 'Z', 'Rz', 'Rx', 'Ry', 'Hat switch', ...buttons(15)],
    64,
    [
      ['Rx', 32, 8, 0, 255],
      ['Hat switch', 56, 4, 0, 7],
      ['Button 15', 74, 1, 0, 1],
    ],
  ],
  [
    'DualSense over Bluetooth (report 1)',
    pads.DUALSENSE_BLUETOOTH,
    1,
    ['X', 'Y', 'Z', 'Rz', 'Hat switch', ...buttons(14), 'Rx', 'Ry'],
    10,
    [
      ['Hat switch', 32, 4, 0, 7],
      ['Rx', 56, 8, 0, 255],
    ],
  ],
  // its buttons are listed one usage at a time, out of order; X to Rz start at 1
  [
    'Stadia over Bluetooth LE',
    pads.STADIA_BLUETOOTH_LE,
    3,
    [
      'Hat switch',
      ...named([18, 17, 20, 19, 13, 12, 11, 15, 14, 8, 7, 5, 4, 2, 1]),
      'X',
      'Y',
      'Z',
      'Rz',
      'Brake',
      'Accelerator',
    ],
    11,
    [
      ['Hat switch', 0, 4, 0, 7],
      ['Button 18', 8, 1, 0, 1],
      ['Button 1', 22, 1, 0, 1],
      ['X', 24, 8, 1, 255],
      ['Accelerator', 64, 8, 0, 255],
    ],
  ],
  [
    'Luna over Bluetooth LE',
    pads.LUNA_BLUETOOTH_LE,
    1,
    ['X', 'Y', 'Z', 'Rz', 'Brake', 'Accelerator', 'Hat switch', ...named([1, 2, 4, 5, 7, 8, 12, 14, 15])],
    17,
    [
      ['Hat switch', 96, 4, 1, 8],
      ['Button 4', 107, 1, 0, 1],
      ['Button 12', 115, 1, 0, 1],
    ],
  ],
  [
    'Switch Pro Controller (report 0x30 as declared)',
    pads.SWITCH_PRO,
    0x30,
    [...buttons(14), 'X', 'Y', 'Z', 'Rz', 'Hat switch', 'Button 15', 'Button 16', 'Button 17', 'Button 18'],
    64,
    [
      ['X', 16, 16, 0, 65535],
      ['Hat switch', 80, 4, 0, 7],
      ['Button 18', 87, 1, 0, 1],
    ],
  ],
];

describe('more real descriptors: what hid-core reads from them', () => {
  it.each(CASES)('%s', (_name, bytes, reportId, names, reportBytes, checks) => {
    const d = parseReportDescriptor(bytes);
    expect(d.fields.filter((f) => f.reportId === reportId).map((f) => f.name)).toEqual(names);
    expect(d.reportLengths[reportId]).toBe(reportBytes);
    const by = Object.fromEntries(d.fields.filter((f) => f.reportId === reportId).map((f) => [f.name, f]));
    for (const [name, bitOffset, bitSize, logicalMin, logicalMax] of checks)
      expect(by[name], name).toMatchObject({ bitOffset, bitSize, logicalMin, logicalMax });
  });

  it('an Xbox pad over Bluetooth: stick ends, a half-pressed trigger, the hat at rest (0: null) and a button', () => {
    const d = parseReportDescriptor(pads.XBOX_ONE_1708_BLUETOOTH);
    const report = new Uint8Array(17);
    report[0] = 1;
    report.set([0xff, 0xff], 1); // X at its maximum
    report.set([0x00, 0x02], 9); // Brake 512 of 1023
    report[14] = 0b1; // Button 1
    const r = decodeReport(d, report);
    expect(r.X).toBe(1);
    expect(r.Y).toBe(-1);
    expect(r.Brake).toBeCloseTo(512 / 1023, 5);
    expect(r['Hat switch']).toBe(-1);
    expect(r['Button 1']).toBe(true);
    expect(r['Button 2']).toBe(false);
  });

  it('the flight stick: 16-bit X and Y whose maximum is written 0xffff read as 0..65535, not -1', () => {
    const d = parseReportDescriptor(pads.XUSB_FLIGHTSTICK);
    const report = new Uint8Array(12);
    report.set([0xff, 0xff, 0x00, 0x80], 2); // X at 65535, Y at 32768
    report[11] = 0b0100 << 2; // hat 4 of 1..8 (1: north) is south-east, 3 of 0..7
    const r = decodeReport(d, report);
    expect(r.X).toBe(1);
    expect(r.Y).toBeCloseTo((32768 / 65535) * 2 - 1, 5);
    expect(r['Hat switch']).toBe(3);
  });
});
