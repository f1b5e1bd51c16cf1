import { readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import HID from 'node-hid';
import type { DeviceInfo } from '../../runtime/core/driver.ts';
import { JOYSTICK_BUTTONS } from './evdev/codes.ts';
import type { Backend } from './profiles.ts';

/** A gamepad found on this machine, through node-hid (hidraw) or Linux evdev. */
export interface PadDevice extends DeviceInfo {
  backend: Backend;
  vendorId: number;
  productId: number;
  name: string;
  serial?: string;
}

const GENERIC_DESKTOP = 1;
const PAD_USAGES = new Set([4, 5, 8]); // joystick, gamepad, multi-axis controller

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const read = (path: string) =>
  readFile(path, 'utf8').then(
    (s) => s.trim(),
    () => '',
  );

/** the USB port path ("1-4.2") a device sits on, from its sysfs location: stable while it stays in that socket */
export function usbPort(sysfsPath: string): string | undefined {
  return /\/(\d+-[\d.]+):\d+\.\d+\//.exec(sysfsPath)?.[1];
}

/** serial number when the pad has one, else the port it is plugged into, else its node (last resort) */
function identity(backend: Backend, vid: number, pid: number, serial: string | undefined, place: string): string {
  return `${backend}:${hex4(vid)}:${hex4(pid)}${serial ? `:sn:${serial}` : `@${place}`}`;
}

export async function listHidPads(): Promise<PadDevice[]> {
  const seen = new Set<string>();
  const out: PadDevice[] = [];
  for (const d of await HID.devicesAsync()) {
    if (!d.path || seen.has(d.path) || d.usagePage !== GENERIC_DESKTOP || !PAD_USAGES.has(d.usage ?? 0)) continue;
    seen.add(d.path);
    const sysfs = await realpath(`/sys/class/hidraw/${basename(d.path)}/device`).catch(() => '');
    const serial = d.serialNumber?.trim() || undefined;
    const name =
      [d.manufacturer, d.product].filter(Boolean).join(' ') || `HID ${hex4(d.vendorId)}:${hex4(d.productId)}`;
    const place = usbPort(sysfs + '/') ?? d.path;
    out.push({
      backend: 'hid',
      id: identity('hid', d.vendorId, d.productId, serial, place),
      path: d.path,
      label: name,
      name,
      vendorId: d.vendorId,
      productId: d.productId,
      ...(serial && { serial }),
    });
  }
  return out;
}

/** bit `n` of a sysfs capability mask ("1 0 ffff0000 0": 64-bit words, most significant first) */
export function hasCapability(mask: string, n: number): boolean {
  const words = mask.trim().split(/\s+/).reverse();
  const word = words[Math.floor(n / 64)];
  return word !== undefined && ((BigInt(`0x${word}`) >> BigInt(n % 64)) & 1n) === 1n;
}

function isJoystick(keys: string): boolean {
  for (let k = JOYSTICK_BUTTONS.first; k <= JOYSTICK_BUTTONS.last; k++) if (hasCapability(keys, k)) return true;
  return false;
}

/** a HID pad also appears as an evdev device: 'auto' reads it through hidraw and skips its evdev twin */
async function hasHidrawTwin(inputDevice: string): Promise<boolean> {
  // .../0003:054C:05C4.0001/input/input5 -> .../0003:054C:05C4.0001, which holds hidraw/ for a HID pad
  const parent = dirname(dirname(inputDevice));
  return readdir(join(parent, 'hidraw')).then(
    (e) => e.length > 0,
    () => false,
  );
}

export async function listEvdevPads(opts: { skipHid: boolean }): Promise<PadDevice[]> {
  const nodes = await readdir('/sys/class/input').catch(() => [] as string[]);
  const out: PadDevice[] = [];
  for (const node of nodes
    .filter((n) => /^event\d+$/.test(n))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))) {
    const dev = `/sys/class/input/${node}/device`;
    if (!isJoystick(await read(`${dev}/capabilities/key`))) continue;
    const sysfs = await realpath(dev).catch(() => dev);
    if (opts.skipHid && (await hasHidrawTwin(sysfs))) continue;
    const [name, vid, pid, uniq, phys] = await Promise.all(
      ['name', 'id/vendor', 'id/product', 'uniq', 'phys'].map((f) => read(`${dev}/${f}`)),
    );
    const vendorId = parseInt(vid || '0', 16);
    const productId = parseInt(pid || '0', 16);
    const serial = uniq || undefined;
    const place = usbPort(sysfs + '/') ?? (phys || `/dev/input/${node}`);
    const path = `/dev/input/${node}`;
    out.push({
      backend: 'evdev',
      id: identity('evdev', vendorId, productId, serial, place),
      path,
      label: name || path,
      name: name || path,
      vendorId,
      productId,
      ...(serial && { serial }),
    });
  }
  return out;
}

export async function listPads(backend: Backend | 'auto'): Promise<PadDevice[]> {
  let hidListed = false;
  const hid =
    backend === 'evdev'
      ? []
      : await listHidPads().then(
          (l) => ((hidListed = true), l),
          () => [] as PadDevice[],
        );
  // when hidraw cannot be listed (node-hid missing its libraries), HID pads are still read through evdev
  const evdev = backend === 'hid' ? [] : await listEvdevPads({ skipHid: backend === 'auto' && hidListed });
  return [...hid, ...evdev];
}
