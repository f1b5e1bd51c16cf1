/**
 * A virtual HID device made through /dev/uhid (Linux uhid, include/uapi/linux/uhid.h): the kernel's HID core
 * binds a driver to it and creates a /dev/hidrawN node that node-hid enumerates and opens like a real device.
 * Only inside the QEMU guest (npm run test:hardware); the host has no /dev/uhid.
 *
 * struct uhid_event is packed: __u32 type, then a union whose largest member is uhid_create2_req
 * (name[128] phys[64] uniq[64] u16 rd_size u16 bus u32 vendor u32 product u32 version u32 country
 * rd_data[4096] = 4372 bytes), so one event is 4 + 4372 = 4376 bytes.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pollReads, POLL_MS, ReportQueue, sleep } from './fd-poll.ts';

const DATA_MAX = 4096;
export const UHID_EVENT_SIZE = 4 + 128 + 64 + 64 + 2 + 2 + 4 * 4 + DATA_MAX; // 4376

const UHID = {
  DESTROY: 1,
  START: 2,
  STOP: 3,
  OPEN: 4,
  CLOSE: 5,
  OUTPUT: 6,
  GET_REPORT: 9,
  GET_REPORT_REPLY: 10,
  CREATE2: 11,
  INPUT2: 12,
  SET_REPORT: 13,
  SET_REPORT_REPLY: 14,
} as const;
const REPORT_TYPES = ['feature', 'output', 'input'] as const; // UHID_FEATURE_REPORT=0, UHID_OUTPUT_REPORT=1, UHID_INPUT_REPORT=2
const BUS_USB = 0x03;
const EIO = 5;

export interface UhidOptions {
  name: string;
  vendorId: number;
  productId: number;
  /** uniq: what node-hid reports as serialNumber. */
  serial?: string;
  /** phys: defaults to a unique string, used to find this device in sysfs. */
  phys?: string;
  descriptor: Uint8Array;
  bus?: number;
  version?: number;
  country?: number;
  /** Replies to GET_REPORT (e.g. HID.getFeatureReport), keyed by report number; the data starts with the report ID. */
  featureReports?: Record<number, Uint8Array>;
}

/** An output or feature report the host wrote (UHID_OUTPUT, or UHID_SET_REPORT which is acknowledged). */
export interface UhidOutput {
  via: 'output' | 'set_report';
  reportType: (typeof REPORT_TYPES)[number];
  data: Buffer;
}

function create2Event(o: UhidOptions, phys: string): Buffer {
  if (o.descriptor.length > DATA_MAX)
    throw new Error(`report descriptor of ${o.descriptor.length} bytes exceeds ${DATA_MAX}`);
  const ev = Buffer.alloc(UHID_EVENT_SIZE);
  ev.writeUInt32LE(UHID.CREATE2, 0);
  ev.write(o.name.slice(0, 127), 4, 'utf8');
  ev.write(phys.slice(0, 63), 4 + 128, 'utf8');
  ev.write((o.serial ?? '').slice(0, 63), 4 + 192, 'utf8');
  ev.writeUInt16LE(o.descriptor.length, 4 + 256);
  ev.writeUInt16LE(o.bus ?? BUS_USB, 4 + 258);
  ev.writeUInt32LE(o.vendorId, 4 + 260);
  ev.writeUInt32LE(o.productId, 4 + 264);
  ev.writeUInt32LE(o.version ?? 0x0100, 4 + 268);
  ev.writeUInt32LE(o.country ?? 0, 4 + 272);
  Buffer.from(o.descriptor).copy(ev, 4 + 276);
  return ev;
}

/** The sysfs folder of the HID device whose HID_PHYS is `phys` (under /sys/devices/virtual/misc/uhid). */
function findHidSysfs(phys: string): string | undefined {
  const root = '/sys/devices/virtual/misc/uhid';
  if (!existsSync(root)) return undefined;
  for (const entry of readdirSync(root)) {
    const uevent = join(root, entry, 'uevent');
    if (existsSync(uevent) && readFileSync(uevent, 'utf8').split('\n').includes(`HID_PHYS=${phys}`))
      return join(root, entry);
  }
  return undefined;
}

export class UhidDevice {
  /** /dev/hidrawN of this device. */
  hidrawPath = '';
  /** Whether some process has the device open (UHID_OPEN / UHID_CLOSE). */
  opened = false;
  private closed = false;
  private readError: Error | undefined;
  private started = false;
  private readonly outputs = new ReportQueue<UhidOutput>();
  private readonly loop: Promise<void>;

  private constructor(
    private readonly fd: number,
    readonly options: UhidOptions,
    readonly phys: string,
  ) {
    this.loop = pollReads(
      fd,
      UHID_EVENT_SIZE,
      (ev) => ev.length >= 4 && this.handle(ev),
      () => this.closed,
    ).then((err) => void (this.readError = err));
  }

  /** Creates the device and resolves once its driver started and its /dev/hidrawN exists. */
  static async create(options: UhidOptions, timeoutMs = 10_000): Promise<UhidDevice> {
    if (!existsSync('/dev/uhid'))
      throw new Error('no /dev/uhid: uhid devices exist only inside the QEMU guest (npm run test:hardware)');
    const fd = openSync('/dev/uhid', constants.O_RDWR | constants.O_NONBLOCK);
    const phys = options.phys ?? `nacre-uhid-${randomBytes(4).toString('hex')}`;
    const device = new UhidDevice(fd, options, phys);
    try {
      writeSync(fd, create2Event(options, phys));
      await device.waitForHidraw(timeoutMs);
    } catch (err) {
      await device.destroy();
      throw err;
    }
    return device;
  }

  /** Sends one input report (with its report ID first when the descriptor numbers its reports). */
  input(report: Uint8Array): void {
    if (report.length > DATA_MAX) throw new Error(`input report of ${report.length} bytes exceeds ${DATA_MAX}`);
    const ev = Buffer.alloc(4 + 2 + report.length);
    ev.writeUInt32LE(UHID.INPUT2, 0);
    ev.writeUInt16LE(report.length, 4);
    Buffer.from(report).copy(ev, 6);
    writeSync(this.fd, ev);
  }

  /** Calls `fn` for every output/feature report the host writes; returns an unsubscribe function. */
  onOutput(fn: (out: UhidOutput) => void): () => void {
    return this.outputs.on(fn);
  }

  /** The oldest output/feature report not yet taken here (the last 1000 are kept), waiting for one if none. */
  nextOutput(timeoutMs = 5_000): Promise<UhidOutput> {
    return this.outputs.next(
      timeoutMs,
      () => this.readError ?? (this.closed ? new Error('uhid device destroyed') : undefined),
    );
  }

  /** Removes the device (UHID_DESTROY): open hidraw handles get errors, the node disappears. Idempotent. */
  async destroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ev = Buffer.alloc(4);
    ev.writeUInt32LE(UHID.DESTROY, 0);
    try {
      writeSync(this.fd, ev);
    } finally {
      await this.loop;
      closeSync(this.fd);
    }
  }

  private async waitForHidraw(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sysfs = this.started ? findHidSysfs(this.phys) : undefined;
      const hidraw = sysfs && existsSync(join(sysfs, 'hidraw')) ? readdirSync(join(sysfs, 'hidraw'))[0] : undefined;
      if (hidraw && existsSync(`/dev/${hidraw}`)) {
        this.hidrawPath = `/dev/${hidraw}`;
        return;
      }
      if (Date.now() > deadline)
        throw new Error(
          `uhid device "${this.options.name}" got no hidraw node within ${timeoutMs} ms${this.started ? '' : ': no HID driver started it'}`,
        );
      await sleep(POLL_MS);
    }
  }

  private handle(ev: Buffer): void {
    const type = ev.readUInt32LE(0);
    if (type === UHID.START) this.started = true;
    else if (type === UHID.OPEN) this.opened = true;
    else if (type === UHID.CLOSE) this.opened = false;
    else if (type === UHID.OUTPUT) {
      const size = ev.readUInt16LE(4 + DATA_MAX);
      this.outputs.push({
        via: 'output',
        reportType: REPORT_TYPES[ev.readUInt8(4 + DATA_MAX + 2)] ?? 'output',
        data: Buffer.from(ev.subarray(4, 4 + size)),
      });
    } else if (type === UHID.GET_REPORT) this.replyGetReport(ev.readUInt32LE(4), ev.readUInt8(8));
    else if (type === UHID.SET_REPORT) {
      const size = ev.readUInt16LE(10);
      this.outputs.push({
        via: 'set_report',
        reportType: REPORT_TYPES[ev.readUInt8(9)] ?? 'feature',
        data: Buffer.from(ev.subarray(12, 12 + size)),
      });
      const reply = Buffer.alloc(4 + 4 + 2);
      reply.writeUInt32LE(UHID.SET_REPORT_REPLY, 0);
      reply.writeUInt32LE(ev.readUInt32LE(4), 4);
      writeSync(this.fd, reply);
    }
  }

  private replyGetReport(id: number, reportNumber: number): void {
    const data = this.options.featureReports?.[reportNumber];
    const reply = Buffer.alloc(4 + 4 + 2 + 2 + (data?.length ?? 0));
    reply.writeUInt32LE(UHID.GET_REPORT_REPLY, 0);
    reply.writeUInt32LE(id, 4);
    reply.writeUInt16LE(data ? 0 : EIO, 8);
    reply.writeUInt16LE(data?.length ?? 0, 10);
    if (data) Buffer.from(data).copy(reply, 12);
    writeSync(this.fd, reply);
  }
}
