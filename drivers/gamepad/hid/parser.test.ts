import { describe, expect, it } from 'vitest';
import { parseReportDescriptor } from './parser.ts';
import { DS4_BLUETOOTH, HOWLER_JOYSTICK, PS3_USB, hexBytes } from './fixtures.ts';

const names = (fields: { name: string }[]) => fields.map((f) => f.name);

describe('parseReportDescriptor on real descriptors', () => {
  it('fixtures have their published lengths', () => {
    expect([PS3_USB.length, DS4_BLUETOOTH.length, HOWLER_JOYSTICK.length]).toEqual([148, 364, 54]);
  });

  it('DualShock 4 (Bluetooth): report 1 sticks, hat, 14 buttons, triggers; vendor reports sized', () => {
    const d = parseReportDescriptor(DS4_BLUETOOTH);
    expect(d.usesReportIds).toBe(true);
    expect(d.reportIds).toEqual([1, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(d.reportLengths[1]).toBe(10);
    expect(d.reportLengths[17]).toBe(78);
    expect(d.reportLengths[25]).toBe(547);
    expect(d.fields).toHaveLength(21);
    expect(d.fields.every((f) => f.reportId === 1)).toBe(true);
    const by = Object.fromEntries(d.fields.map((f) => [f.name, f]));
    expect(by['Rz']).toMatchObject({
      usagePage: 1,
      usage: 0x35,
      kind: 'axis',
      bitOffset: 24,
      bitSize: 8,
      logicalMin: 0,
      logicalMax: 255,
      signed: false,
    });
    expect(by['Hat switch']).toMatchObject({ kind: 'hat', bitOffset: 32, bitSize: 4, logicalMax: 7 });
    expect(by['Button 1']).toMatchObject({ usagePage: 9, usage: 1, kind: 'button', bitOffset: 36, bitSize: 1 });
    expect(by['Button 14']?.bitOffset).toBe(49);
    expect(by['Rx']?.bitOffset).toBe(56);
    expect(by['Ry']?.bitOffset).toBe(64);
  });

  it('PS3 Sixaxis (USB): skips padding and Pointer bytes, 19 buttons then four sticks', () => {
    const d = parseReportDescriptor(PS3_USB);
    expect(d.reportIds).toEqual([1]);
    expect(d.reportLengths).toEqual({ 1: 49 });
    expect(d.fields).toHaveLength(23);
    expect(names(d.fields).slice(17)).toEqual(['Button 18', 'Button 19', 'X', 'Y', 'Z', 'Rz']);
    expect(d.fields[0]).toMatchObject({ name: 'Button 1', bitOffset: 8 });
    expect(d.fields[19]).toMatchObject({ name: 'X', bitOffset: 40, logicalMax: 255 });
  });

  it('Howler arcade joystick: signed axes, no report ids', () => {
    const d = parseReportDescriptor(HOWLER_JOYSTICK);
    expect(d.usesReportIds).toBe(false);
    expect(d.reportIds).toEqual([0]);
    expect(d.reportLengths).toEqual({ 0: 6 });
    expect(names(d.fields)).toEqual(['X', 'Y', 'Z', ...Array.from({ length: 15 }, (_, i) => `Button ${i + 1}`)]);
    expect(d.fields[0]).toMatchObject({ logicalMin: -100, logicalMax: 100, signed: true, bitOffset: 0 });
    expect(d.fields[3]?.bitOffset).toBe(24);
  });

  it('skips long items', () => {
    const withLong = new Uint8Array([0xfe, 0x02, 0x10, 0xaa, 0xbb, ...HOWLER_JOYSTICK]);
    expect(parseReportDescriptor(withLong)).toEqual(parseReportDescriptor(HOWLER_JOYSTICK));
  });

  it('restores globals on Pop and reads Array inputs as usage lists', () => {
    // Push; 8-bit signed X; Pop restores the 1-bit button globals; then a 2-slot button array.
    const d = parseReportDescriptor(
      hexBytes(`05 01 09 05 a1 01 15 00 25 01 75 01 95 01 a4 15 81 25 7f 75 08 09 30 81 02 b4
      05 09 09 01 81 02 75 07 81 03 19 01 29 04 15 01 25 04 75 04 95 02 81 00 c0`),
    );
    expect(d.fields[0]).toMatchObject({ name: 'X', bitSize: 8, logicalMin: -127, signed: true });
    expect(d.fields[1]).toMatchObject({ name: 'Button 1', bitOffset: 8, bitSize: 1, logicalMax: 1 });
    expect(d.fields[2]).toMatchObject({
      bitOffset: 16,
      bitSize: 4,
      array: { names: ['Button 1', 'Button 2', 'Button 3', 'Button 4'] },
    });
    expect(d.reportLengths).toEqual({ 0: 3 });
  });
});

describe('parseReportDescriptor tolerates what Linux hid-core tolerates', () => {
  const howler = [...HOWLER_JOYSTICK];
  const reference = parseReportDescriptor(HOWLER_JOYSTICK);

  it('a descriptor ending in a zero byte (main item tag 0) reads as without it', () => {
    expect(parseReportDescriptor(new Uint8Array([...howler, 0x00]))).toEqual(reference);
  });

  it('unknown main items and reserved-type items are skipped', () => {
    // main item tag 13 (0xd0: tag 13, main, no data) and a reserved-type item (0x0d: tag 0, type 3, one byte)
    const bytes = [...howler.slice(0, 4), 0xd0, 0x0d, 0x05, ...howler.slice(4)];
    expect(parseReportDescriptor(new Uint8Array(bytes))).toEqual(reference);
  });

  it('a Report Size 0 field is ignored and takes no bits', () => {
    // before the buttons: Report Size 0, Report Count 4, Input (a field of no bits), then the real globals again
    const at = howler.indexOf(0x05, 30); // Usage Page (Button)
    const bytes = [...howler.slice(0, at), 0x75, 0x00, 0x95, 0x04, 0x09, 0x01, 0x81, 0x02, ...howler.slice(at)];
    expect(parseReportDescriptor(new Uint8Array(bytes))).toEqual(reference);
  });

  it('each usage takes the usage page in force when it was declared (sticks, then Simulation pedals)', () => {
    const d = parseReportDescriptor(
      hexBytes(`05 01 09 04 a1 01 15 00 26 ff 00 75 08 95 04
      09 30 09 31 05 02 09 c4 09 c5 81 02 c0`),
    );
    expect(d.fields.map((f) => [f.name, f.usagePage, f.usage, f.bitOffset])).toEqual([
      ['X', 1, 0x30, 0],
      ['Y', 1, 0x31, 8],
      ['Accelerator', 2, 0xc4, 16],
      ['Brake', 2, 0xc5, 24],
    ]);
  });

  it('usages declared before the Usage Page that follows them take that page (hid-core concatenates them)', () => {
    const d = parseReportDescriptor(hexBytes(`05 09 09 04 a1 01 09 30 09 31 05 01 15 00 25 7f 75 08 95 02 81 02 c0`));
    expect(d.fields.map((f) => [f.name, f.usagePage])).toEqual([
      ['X', 1],
      ['Y', 1],
    ]);
  });

  it('4-byte extended usages carry their own page, whatever page is in force', () => {
    const d = parseReportDescriptor(
      hexBytes(`05 0c 09 01 a1 01 15 00 25 01 75 01 95 02
      0b 01 00 09 00 0b 02 00 09 00 81 02 75 06 95 01 81 03 c0`),
    );
    expect(d.fields.map((f) => [f.name, f.usagePage, f.usage])).toEqual([
      ['Button 1', 9, 1],
      ['Button 2', 9, 2],
    ]);
  });
});

describe('parseReportDescriptor on malformed descriptors', () => {
  const howler = [...HOWLER_JOYSTICK];
  const cases: [string, number[], RegExp][] = [
    ['truncated item', howler.slice(0, -2), /byte 51: truncated item 0x81/],
    ['truncated long item', [0xfe, 0x05, 0x00, 0x01], /truncated long item data/],
    ['unclosed collection', howler.slice(0, -1), /1 Collection\(s\) never closed/],
    ['extra End Collection', [...howler, 0xc0], /End Collection without an open Collection/],
    ['Report Size over 256', [0x76, 0x01, 0x02, ...howler], /Report Size 513 over 256/],
    [
      'Usage Minimum > Maximum',
      howler.map((b, i) => (i === 34 ? 0x0f : i === 36 ? 0x01 : b)),
      /Usage Minimum 0x9000f > Usage Maximum 0x90001/,
    ],
    ['Pop without Push', [0xb4, ...howler], /byte 0: Pop without matching Push/],
    ['Report ID 0', [0x85, 0x00, ...howler], /invalid Report ID 0/],
    [
      'Usage Minimum alone',
      [0x05, 0x09, 0x19, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02],
      /Usage Minimum without its pair/,
    ],
  ];
  it.each(cases)('%s', (_label, bytes, message) => {
    expect(() => parseReportDescriptor(new Uint8Array(bytes))).toThrow(message);
  });
});
