/**
 * The QEMU guest's initramfs: busybox-static, init.sh as /init and the Debian kernel's own modules (with their
 * dependencies from modules.dep, in load order), packed as a gzip'd newc cpio into test/rigs/qemu/.cache/.
 * Rebuilt only when the kernel, busybox, init.sh or this file change.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CACHE = fileURLToPath(new URL('.cache', import.meta.url));
const INIT = fileURLToPath(new URL('./init.sh', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const BUSYBOX = '/bin/busybox';
const INSTALL_HINT =
  'run scripts/install-system-packages.sh (as root) to install qemu-system-x86, linux-image-amd64 and busybox-static';

/** Modules the guest loads (dependencies are added): 9p over virtio for the host root, HID, USB gadget, input. */
export const GUEST_MODULES = [
  'virtio_pci',
  '9pnet_virtio',
  '9p',
  'hid',
  'hid_generic',
  'uhid',
  'usbhid',
  'configfs',
  'dummy_hcd',
  'libcomposite',
  'usb_f_hid',
  'evdev',
  'joydev',
  'uinput',
  'vivid', // a virtual V4L2 camera for the camera tests
];

/**
 * insmod parameters. hid: hid-generic binds every device, also VID:PIDs that have a special kernel driver
 * (hid-sony, hid-playstation, hid-microsoft...), which the guest does not load; without it such a device
 * (e.g. a DualShock 4, 054c:05c4) gets no driver and no hidraw node. dummy_hcd: two host/gadget pairs.
 */
export const MODULE_PARAMS: Record<string, string> = {
  hid: 'ignore_special_drivers=1',
  dummy_hcd: 'num=2',
  vivid: 'n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0',
};

export interface Kernel {
  version: string;
  image: string;
  modulesDir: string;
}

/** The newest /boot/vmlinuz-*-amd64 whose /lib/modules/<version> is installed. */
export function findKernel(): Kernel {
  const versions = (existsSync('/boot') ? readdirSync('/boot') : [])
    .filter((f) => /^vmlinuz-.*-amd64$/.test(f))
    .map((f) => f.slice('vmlinuz-'.length))
    .filter((v) => existsSync(join('/lib/modules', v, 'modules.dep')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = versions.at(-1);
  if (!version)
    throw new Error(`no Debian kernel (/boot/vmlinuz-*-amd64 with /lib/modules/<version>): ${INSTALL_HINT}`);
  const image = join('/boot', `vmlinuz-${version}`);
  try {
    accessSync(image, constants.R_OK);
  } catch (err) {
    throw new Error(
      `cannot read ${image} (${(err as Error).message}): the QEMU guest must run as root or with a readable kernel image`,
    );
  }
  return { version, image, modulesDir: join('/lib/modules', version) };
}

const moduleName = (path: string) =>
  path
    .slice(path.lastIndexOf('/') + 1)
    .replace(/\.ko(\.\w+)?$/, '')
    .replace(/-/g, '_');

/** Module files (relative to modulesDir) for `names` and all their dependencies, dependencies first. */
export function resolveModules(modulesDir: string, names: readonly string[]): string[] {
  const deps = new Map<string, { path: string; deps: string[] }>();
  for (const line of readFileSync(join(modulesDir, 'modules.dep'), 'utf8').split('\n')) {
    const [path, rest] = line.split(':');
    if (!path || rest === undefined) continue;
    deps.set(moduleName(path), { path, deps: rest.trim().split(/\s+/).filter(Boolean).map(moduleName) });
  }
  const builtin = new Set(
    readFileSync(join(modulesDir, 'modules.builtin'), 'utf8').split('\n').filter(Boolean).map(moduleName),
  );
  const order: string[] = [];
  const visit = (name: string, chain: string[]): void => {
    const entry = deps.get(name);
    if (!entry) {
      if (builtin.has(name)) return;
      throw new Error(
        `kernel module ${name} not found in ${modulesDir}/modules.dep (wanted by ${chain.join(' <- ') || 'the rig'})`,
      );
    }
    if (order.includes(entry.path)) return;
    for (const dep of entry.deps) visit(dep, [name, ...chain]);
    if (!order.includes(entry.path)) order.push(entry.path);
  };
  for (const name of names) visit(name.replace(/-/g, '_'), []);
  return order;
}

interface Entry {
  name: string;
  mode: number;
  data?: Buffer;
  rdev?: [number, number];
}

/** A newc ("070701") cpio archive. */
export function cpio(entries: readonly Entry[]): Buffer {
  const parts: Buffer[] = [];
  const pad = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  let ino = 1;
  for (const e of [...entries, { name: 'TRAILER!!!', mode: 0 }] as Entry[]) {
    const data = e.data ?? Buffer.alloc(0);
    const name = Buffer.from(`${e.name}\0`);
    const [major, minor] = e.rdev ?? [0, 0];
    const fields = [ino++, e.mode, 0, 0, 1, 0, data.length, 0, 0, major, minor, name.length, 0];
    const header = Buffer.from(`070701${fields.map(hex).join('')}`);
    parts.push(header, name, pad(header.length + name.length), data, pad(data.length));
  }
  return Buffer.concat(parts);
}

const DIR = 0o040755;
const FILE = 0o100644;
const EXEC = 0o100755;
const CHAR = 0o020600;

const listLine = (path: string) => `${path.split('/').pop()} ${MODULE_PARAMS[moduleName(path)] ?? ''}`.trimEnd() + '\n';

function entries(kernel: Kernel, modules: string[]): Entry[] {
  const dirs = ['bin', 'dev', 'proc', 'sys', 'root', 'tmp', 'lib', 'lib/modules'];
  return [
    ...dirs.map((name) => ({ name, mode: DIR })),
    { name: 'dev/console', mode: CHAR, rdev: [5, 1] },
    { name: 'bin/busybox', mode: EXEC, data: readFileSync(BUSYBOX) },
    { name: 'init', mode: EXEC, data: readFileSync(INIT) },
    { name: 'modules.list', mode: FILE, data: Buffer.from(modules.map(listLine).join('')) },
    ...modules.map((m) => ({
      name: `lib/modules/${m.split('/').pop()}`,
      mode: FILE,
      data: readFileSync(join(kernel.modulesDir, m)),
    })),
  ];
}

function cacheKey(kernel: Kernel, modules: string[]): string {
  const hash = createHash('sha256');
  for (const file of [kernel.image, BUSYBOX, join(kernel.modulesDir, 'modules.dep')]) {
    const s = statSync(file);
    hash.update(`${file}:${s.size}:${s.mtimeMs}\n`);
  }
  hash.update(readFileSync(INIT)).update(readFileSync(SELF)).update(modules.map(listLine).join(''));
  return hash.digest('hex').slice(0, 16);
}

/** Builds (or reuses) the initramfs; returns its path and the kernel it goes with. */
export async function buildInitramfs(): Promise<{ initramfs: string; kernel: Kernel }> {
  if (!existsSync(BUSYBOX)) throw new Error(`no ${BUSYBOX}: ${INSTALL_HINT}`);
  const kernel = findKernel();
  const modules = resolveModules(kernel.modulesDir, GUEST_MODULES);
  const initramfs = join(CACHE, `initramfs-${kernel.version}-${cacheKey(kernel, modules)}.cpio.gz`);
  if (existsSync(initramfs)) return { initramfs, kernel };
  await mkdir(CACHE, { recursive: true });
  await writeFile(join(CACHE, '.gitignore'), '*\n');
  for (const old of (await readdir(CACHE)).filter((f) => f.startsWith('initramfs-') && f.endsWith('.cpio.gz')))
    await rm(join(CACHE, old), { force: true });
  const building = `${initramfs}.${process.pid}.tmp`;
  await writeFile(building, gzipSync(cpio(entries(kernel, modules))));
  await rename(building, initramfs);
  return { initramfs, kernel };
}

if (process.argv[1] === SELF) {
  const { initramfs, kernel } = await buildInitramfs();
  console.log(`${initramfs} (kernel ${kernel.version}, ${statSync(initramfs).size} bytes)`);
}
