import { access, readFile, readdir, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DeviceInfo } from '../../runtime/core/driver.ts';
import type { CameraSource } from './schema.ts';
import { withoutCredentials } from './source.ts';

/** where to look: the real /dev and /sys, or a fake tree in tests */
export interface Roots {
  dev: string;
  sys: string;
}

const system: Roots = { dev: '/dev', sys: '/sys' };

/**
 * The V4L2 capture devices present: id is the /dev/v4l/by-id link when the camera has one (it follows the
 * camera across ports and reboots), path the /dev/videoN it points to now, label the driver's name for it.
 * A UVC camera also makes a metadata node (index 1) that cannot capture: only index 0 nodes are listed.
 * (Telling capture from output nodes for sure needs the VIDIOC_QUERYCAP ioctl, out of Node's reach.)
 */
export async function listV4l2Devices(roots: Roots = system): Promise<DeviceInfo[]> {
  const classDir = join(roots.sys, 'class/video4linux');
  const nodes = (await readdir(classDir).catch(() => [] as string[])).filter((n) => /^video\d+$/.test(n));
  const byId = await stableLinks(roots);
  const found: DeviceInfo[] = [];
  for (const node of nodes.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))) {
    const index = await readText(join(classDir, node, 'index'));
    if (index !== undefined && index !== '0') continue;
    const path = join(roots.dev, node);
    const real = await realpath(path).catch(() => path);
    const name = await readText(join(classDir, node, 'name'));
    found.push({ id: byId.get(real) ?? path, path, label: name ?? node });
  }
  return found;
}

/**
 * The configured source if it is there now: a device resolves (through its by-id link) to its current
 * /dev/videoN; a URL is always 'present' (only connecting tells); a file is present if it exists.
 */
export async function discoverSource(source: CameraSource, roots: Roots = system): Promise<DeviceInfo[]> {
  if ('url' in source) {
    const id = withoutCredentials(source.url);
    return [{ id, path: source.url, label: id }];
  }
  if ('file' in source) {
    const present = await access(source.file).then(
      () => true,
      () => false,
    );
    return present ? [{ id: source.file, path: source.file, label: basename(source.file) }] : [];
  }
  return discoverDevice(source.device, roots);
}

async function discoverDevice(configured: string, roots: Roots): Promise<DeviceInfo[]> {
  const path = await realpath(configured).catch(() => undefined);
  if (!path) return [];
  const stable = configured.includes('/v4l/by-') ? configured : (await stableLinks(roots)).get(path);
  const name = await readText(join(roots.sys, 'class/video4linux', basename(path), 'name'));
  const label = stable ? (name ?? path) : `${name ?? path} (unstable name: configure its /dev/v4l/by-id link)`;
  return [{ id: stable ?? configured, path, label }];
}

/** the real path of each /dev/videoN -> its /dev/v4l/by-id link */
async function stableLinks(roots: Roots): Promise<Map<string, string>> {
  const dir = join(roots.dev, 'v4l/by-id');
  const links = await readdir(dir).catch(() => [] as string[]);
  const map = new Map<string, string>();
  for (const link of links.sort()) {
    const target = await realpath(join(dir, link)).catch(() => undefined);
    if (target && !map.has(target)) map.set(target, join(dir, link));
  }
  return map;
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').then(
    (s) => s.trim(),
    () => undefined,
  );
}
