/**
 * A real USB HID device inside the QEMU guest: a configfs gadget (libcomposite, usb_f_hid function hid.usb0)
 * bound to a dummy_hcd UDC, so the guest's own USB host stack (usbcore + usbhid) enumerates it like a
 * plugged-in controller. The gadget side writes input reports to /dev/hidgN and reads the host's output
 * reports from it; unplug() unbinds the UDC (a real USB disconnect), replug() binds it again.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { pollReads, ReportQueue, writeWhenReady } from './fd-poll.ts';

const CONFIGFS = '/sys/kernel/config/usb_gadget';
const FUNCTION = 'functions/hid.usb0';
const CONFIG = 'configs/c.1';

export interface UsbHidGadgetOptions {
  vendorId: number;
  productId: number;
  /** USB iSerialNumber: node-hid's serialNumber. Defaults to a unique string (used to find the device). */
  serial?: string;
  manufacturer?: string;
  product?: string;
  bcdDevice?: number;
  descriptor: Uint8Array;
  /** wMaxPacketSize of the interrupt endpoints: the longest report, report ID included (default 64). */
  reportLength?: number;
  /** bInterfaceSubClass (1 = boot) and bInterfaceProtocol (1 = keyboard, 2 = mouse); 0 for gamepads. */
  subclass?: number;
  protocol?: number;
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

function writeAttrs(dir: string, attrs: Record<string, string | Uint8Array>): void {
  for (const [name, value] of Object.entries(attrs)) writeFileSync(join(dir, name), value);
}

/** A UDC no configfs gadget is bound to (dummy_udc.0, dummy_udc.1, ...). */
function freeUdc(): string {
  const udcs = existsSync('/sys/class/udc') ? readdirSync('/sys/class/udc').sort() : [];
  const bound = new Set(readdirSync(CONFIGFS).map((g) => readFileSync(join(CONFIGFS, g, 'UDC'), 'utf8').trim()));
  const udc = udcs.find((u) => !bound.has(u));
  if (!udc)
    throw new Error(
      udcs.length
        ? `all UDCs are in use (${udcs.join(', ')})`
        : 'no UDC: dummy_hcd is not loaded (run inside npm run test:hardware)',
    );
  return udc;
}

/** The host-side USB device folder (in /sys/bus/usb/devices) whose serial is `serial`. */
function findUsbDevice(serial: string): string | undefined {
  const root = '/sys/bus/usb/devices';
  for (const entry of readdirSync(root)) {
    const file = join(root, entry, 'serial');
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === serial) return join(root, entry);
  }
  return undefined;
}

/** /dev/hidrawN under a host-side USB device folder (interface -> HID device -> hidraw). */
function findHidraw(usbDevice: string): string | undefined {
  for (const iface of readdirSync(usbDevice).filter((e) => e.includes(':'))) {
    const ifaceDir = join(usbDevice, iface);
    for (const hid of readdirSync(ifaceDir).filter((e) => /^[0-9A-F]{4}:/.test(e))) {
      const dir = join(ifaceDir, hid, 'hidraw');
      const node = existsSync(dir) ? readdirSync(dir)[0] : undefined;
      if (node && existsSync(`/dev/${node}`)) return `/dev/${node}`;
    }
  }
  return undefined;
}

export class UsbHidGadget {
  /** /dev/hidgN: the gadget side. */
  hidgPath = '';
  /** /dev/hidrawN: the host side, once enumerated (empty while unplugged). */
  hidrawPath = '';
  private fd = -1;
  private loop: Promise<Error | undefined> = Promise.resolve(undefined);
  private readonly outputs = new ReportQueue<Buffer>();
  private udc = '';

  private constructor(
    readonly dir: string,
    readonly serial: string,
  ) {}

  /** Builds the configfs gadget and plugs it in; resolves once the host enumerated it (hidrawPath set). */
  static async create(options: UsbHidGadgetOptions, timeoutMs = 20_000): Promise<UsbHidGadget> {
    if (!existsSync(CONFIGFS))
      throw new Error(`no ${CONFIGFS}: USB gadgets exist only inside the QEMU guest (npm run test:hardware)`);
    const serial = options.serial ?? `NACRE-${randomBytes(4).toString('hex').toUpperCase()}`;
    const gadget = new UsbHidGadget(join(CONFIGFS, `nacre-${randomBytes(4).toString('hex')}`), serial);
    try {
      gadget.build(options);
      await gadget.replug(timeoutMs);
    } catch (err) {
      await gadget.remove();
      throw err;
    }
    return gadget;
  }

  /** Sends one input report from the device (report ID first when numbered); waits while the host is busy. */
  async send(report: Uint8Array, timeoutMs = 5_000): Promise<void> {
    if (this.fd < 0) throw new Error('the gadget is unplugged');
    await writeWhenReady(this.fd, report, timeoutMs);
  }

  /** Calls `fn` with every output report the host writes; returns an unsubscribe function. */
  onOutput(fn: (report: Buffer) => void): () => void {
    return this.outputs.on(fn);
  }

  /** The oldest output report not yet taken here, waiting up to `timeoutMs`. */
  nextOutput(timeoutMs = 5_000): Promise<Buffer> {
    return this.outputs.next(timeoutMs, () => (this.fd < 0 ? new Error('the gadget is unplugged') : undefined));
  }

  /** A real USB disconnect: unbinds the UDC; the host removes the device and its hidraw node. */
  async unplug(): Promise<void> {
    await this.closeHidg();
    if (this.udc) writeFileSync(join(this.dir, 'UDC'), '\n');
    this.udc = '';
    this.hidrawPath = '';
  }

  /** Binds the gadget to a free UDC again and waits until the host enumerated it. */
  async replug(timeoutMs = 20_000): Promise<void> {
    if (this.udc) return;
    const deadline = Date.now() + timeoutMs;
    this.udc = freeUdc();
    writeFileSync(join(this.dir, 'UDC'), this.udc);
    this.hidgPath = await found(
      deadline,
      () => this.findHidg(),
      () => `no /dev/hidgN for gadget ${this.serial}`,
    );
    const fd = (this.fd = openSync(this.hidgPath, constants.O_RDWR | constants.O_NONBLOCK));
    this.loop = pollReads(
      fd,
      4096,
      (data) => this.outputs.push(data),
      () => this.fd !== fd,
    );
    this.hidrawPath = await found(
      deadline,
      () => this.findHostHidraw(),
      () => `the host did not enumerate gadget ${this.serial} within ${timeoutMs} ms`,
    );
  }

  /** Unplugs and removes the configfs gadget. Idempotent. */
  async remove(): Promise<void> {
    if (!existsSync(this.dir)) return;
    await this.unplug().catch(() => undefined);
    const steps = [
      () => unlinkSync(join(this.dir, CONFIG, 'hid.usb0')),
      () => rmdirSync(join(this.dir, CONFIG, 'strings/0x409')),
      () => rmdirSync(join(this.dir, CONFIG)),
      () => rmdirSync(join(this.dir, FUNCTION)),
      () => rmdirSync(join(this.dir, 'strings/0x409')),
      () => rmdirSync(this.dir),
    ];
    for (const step of steps) {
      try {
        step();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  private build(o: UsbHidGadgetOptions): void {
    for (const sub of ['', 'strings/0x409', FUNCTION, CONFIG, `${CONFIG}/strings/0x409`])
      mkdirSync(join(this.dir, sub), { recursive: true });
    writeAttrs(this.dir, {
      idVendor: hex4(o.vendorId),
      idProduct: hex4(o.productId),
      bcdDevice: hex4(o.bcdDevice ?? 0x0100),
      bcdUSB: '0x0200',
    });
    writeAttrs(join(this.dir, 'strings/0x409'), {
      serialnumber: this.serial,
      manufacturer: o.manufacturer ?? 'Nacre test rig',
      product: o.product ?? 'Nacre USB HID gadget',
    });
    writeAttrs(join(this.dir, FUNCTION), {
      protocol: String(o.protocol ?? 0),
      subclass: String(o.subclass ?? 0),
      report_length: String(o.reportLength ?? 64),
      report_desc: Buffer.from(o.descriptor),
    });
    writeAttrs(join(this.dir, CONFIG), { MaxPower: '100' });
    writeAttrs(join(this.dir, CONFIG, 'strings/0x409'), { configuration: 'HID' });
    symlinkSync(join(this.dir, FUNCTION), join(this.dir, CONFIG, 'hid.usb0'));
  }

  /** /dev/hidgN of this gadget's function (matched by its major:minor), once devtmpfs made it. */
  private findHidg(): string | undefined {
    const dev = readFileSync(join(this.dir, FUNCTION, 'dev'), 'utf8').trim();
    for (const name of existsSync('/sys/class/hidg') ? readdirSync('/sys/class/hidg') : []) {
      const matches = readFileSync(join('/sys/class/hidg', name, 'dev'), 'utf8').trim() === dev;
      if (matches && existsSync(`/dev/${name}`)) return `/dev/${name}`;
    }
    return undefined;
  }

  private findHostHidraw(): string | undefined {
    const usb = findUsbDevice(this.serial);
    return usb && findHidraw(usb);
  }

  private async closeHidg(): Promise<void> {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    await this.loop;
    closeSync(fd);
  }
}

/** what `find` finds, waited for with vi.waitFor until the deadline shared by the steps of one plug */
function found<T>(deadline: number, find: () => T | undefined, why: () => string): Promise<T> {
  return vi.waitFor(
    () => {
      const f = find();
      if (f === undefined) throw new Error(why());
      return f;
    },
    { timeout: Math.max(0, deadline - Date.now()), interval: 20 },
  );
}
