import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import HID from 'node-hid';
import { decodeReport } from './decode.ts';
import { parseReportDescriptor } from './parser.ts';

/** hex text ("05 01 09 05", "0x05,0x01", one long string) or raw bytes */
export function readHex(data: Buffer): Uint8Array {
  const text = data.toString('latin1');
  if (!/^[\s0-9a-fA-Fx,]*$/.test(text)) return new Uint8Array(data);
  const digits = text.replace(/0x/gi, '').replace(/[\s,]/g, '');
  if (digits.length % 2) throw new Error('odd number of hex digits');
  return Uint8Array.from(digits.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** the descriptor of a plugged-in device: a /dev/hidrawN path or vid:pid (hex); Linux keeps it in sysfs */
async function deviceDescriptor(device: string): Promise<{ descriptor: Uint8Array; label: string }> {
  const all = await HID.devicesAsync();
  const [vid, pid] = device.split(':').map((x) => parseInt(x, 16));
  const found = all.find((d) => d.path === device || (d.vendorId === vid && d.productId === pid));
  if (!found?.path) {
    const list = all
      .map((d) => `${d.path} ${d.vendorId.toString(16)}:${d.productId.toString(16)} ${d.product ?? ''}`)
      .join('; ');
    throw new Error(`no HID device "${device}"; present: ${list || 'none'}`);
  }
  const sysfs = `/sys/class/hidraw/${basename(found.path)}/device/report_descriptor`;
  return {
    descriptor: new Uint8Array(await readFile(sysfs)),
    label: `${found.manufacturer ?? ''} ${found.product ?? ''}`.trim(),
  };
}

/** nacre hid inspect: the parsed descriptor, and each given report decoded, as JSON */
export async function inspect(o: { device?: string; descriptorFile?: string; reports: string[] }): Promise<unknown> {
  const source = o.descriptorFile
    ? { descriptor: readHex(await readFile(o.descriptorFile)), label: o.descriptorFile }
    : o.device
      ? await deviceDescriptor(o.device)
      : undefined;
  if (!source) throw new Error('give a device (/dev/hidrawN or vid:pid) or --descriptor FILE');
  const parsed = parseReportDescriptor(source.descriptor);
  const reports = o.reports.map((hex) => ({ report: hex, decoded: decodeReport(parsed, readHex(Buffer.from(hex))) }));
  return { device: source.label, bytes: source.descriptor.length, ...parsed, reports };
}
