import { describe, expect, it } from 'vitest';
import { decodeReport } from './decode.ts';
import { parseReportDescriptor } from './parser.ts';
import { DS4_BLUETOOTH, HOWLER_JOYSTICK, PS3_USB, hexBytes } from './fixtures.ts';

describe('decodeReport', () => {
  const ds4 = parseReportDescriptor(DS4_BLUETOOTH);

  it('DS4 report 1: left stick right, cross, hat up, R2 fully pressed', () => {
    // id, X Y Z Rz, hat 0 + cross (button 2 = bit 5), buttons 5-12, buttons 13-14 + counter, L2, R2
    const out = decodeReport(ds4, new Uint8Array([0x01, 0xff, 0x80, 0x80, 0x80, 0x20, 0x00, 0x0c, 0x00, 0xff]));
    expect(out['X']).toBe(1);
    expect(out['Y']).toBeCloseTo(1 / 255, 6);
    expect(out['Hat switch']).toBe(0);
    expect(out['Button 2']).toBe(true);
    expect(out['Button 1']).toBe(false);
    expect(out['Button 13']).toBe(false);
    expect(out['Rx']).toBe(-1);
    expect(out['Ry']).toBe(1);
    expect(Object.keys(out)).toHaveLength(21);
  });

  it('DS4 hat null state (8) is centred; PS button and down-left decode', () => {
    const centred = decodeReport(ds4, new Uint8Array([0x01, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00, 0x01, 0x00, 0x00]));
    expect(centred['Hat switch']).toBe(-1);
    expect(centred['Button 13']).toBe(true);
    const downLeft = decodeReport(ds4, new Uint8Array([0x01, 0x00, 0x00, 0x80, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00]));
    expect(downLeft['Hat switch']).toBe(5);
    expect(downLeft['X']).toBe(-1);
  });

  it('vendor-only DS4 report 17 decodes to no controls', () => {
    expect(decodeReport(ds4, new Uint8Array(78).fill(0x11, 0, 1))).toEqual({});
  });

  it('PS3 report: start (button 4) and right stick up', () => {
    const report = new Uint8Array(49);
    report.set([0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x80, 0x80, 0x80, 0x00]);
    const out = decodeReport(parseReportDescriptor(PS3_USB), report);
    expect(out['Button 4']).toBe(true);
    expect(out['Button 3']).toBe(false);
    expect(out['Rz']).toBe(-1);
    expect(out['X']).toBeCloseTo(1 / 255, 6);
  });

  it('Howler report: signed axes and buttons 1 and 3', () => {
    const out = decodeReport(
      parseReportDescriptor(HOWLER_JOYSTICK),
      new Uint8Array([0x9c, 0x64, 0x00, 0x05, 0x00, 0x00]),
    );
    expect(out).toMatchObject({
      X: -1,
      Y: 1,
      Z: 0,
      'Button 1': true,
      'Button 2': false,
      'Button 3': true,
      'Button 15': false,
    });
  });

  it('array input reports the pressed usages; Slider normalises to 0..1', () => {
    const d = parseReportDescriptor(
      hexBytes(`05 01 09 05 a1 01 15 00 26 ff 00 75 08 95 01 09 36 81 02
      05 09 19 01 29 04 15 01 25 04 75 04 95 02 81 00 c0`),
    );
    const out = decodeReport(d, new Uint8Array([0x00, 0x03 | (0x00 << 4)]));
    expect(out).toEqual({ Slider: 0, 'Button 1': false, 'Button 2': false, 'Button 3': true, 'Button 4': false });
    expect(decodeReport(d, new Uint8Array([0xff, 0x41]))).toMatchObject({
      Slider: 1,
      'Button 1': true,
      'Button 4': true,
    });
  });

  it('rejects unknown report ids and wrong lengths', () => {
    expect(() => decodeReport(ds4, new Uint8Array([0x07, 0, 0]))).toThrow(/unknown report id 7/);
    expect(() => decodeReport(ds4, new Uint8Array([0x01, 0x80]))).toThrow(/report 1 is 2 bytes, descriptor says 10/);
    expect(() => decodeReport(ds4, new Uint8Array([]))).toThrow(/empty report/);
    expect(() => decodeReport(parseReportDescriptor(HOWLER_JOYSTICK), new Uint8Array(7))).toThrow(
      /report 0 is 7 bytes, descriptor says 6/,
    );
  });
});
