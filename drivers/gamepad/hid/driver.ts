import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import HID from 'node-hid';
import type { Logger } from '../../../runtime/core/log.ts';
import type { Value } from '../../../runtime/core/signals.ts';
import type { PadDevice } from '../discover.ts';
import { PadDriver } from '../pad-driver.ts';
import type { Calibration, Profile } from '../profile.ts';
import { HidOutputReport } from './outputs.ts';
import { parseReportDescriptor } from './parser.ts';
import { HidRawControls } from './raw.ts';

/** Linux keeps every hidraw device's report descriptor in sysfs (node-hid 3.4 has no call for it). */
export async function readDescriptor(hidrawPath: string): Promise<Uint8Array> {
  const file = `/sys/class/hidraw/${basename(hidrawPath)}/device/report_descriptor`;
  try {
    return new Uint8Array(await readFile(file));
  } catch (err) {
    throw new Error(`cannot read the report descriptor of ${hidrawPath} (${file}): ${(err as Error).message}`);
  }
}

/** A HID gamepad read through node-hid: any pad, decoded from its own report descriptor, named by its profile. */
export class HidPadDriver extends PadDriver {
  private hid: HID.HIDAsync | undefined;
  private readonly outputs: HidOutputReport;

  constructor(id: string, device: PadDevice, profile: Profile, calibration: Calibration, log: Logger) {
    super(id, device, profile, calibration, log);
    this.outputs = new HidOutputReport(profile.outputs, `${device.name} (${profile.name})`);
  }

  protected async connect(abort: AbortSignal): Promise<void> {
    const raw = new HidRawControls(parseReportDescriptor(await readDescriptor(this.device.path)));
    const hid = await HID.HIDAsync.open(this.device.path, { nonExclusive: true }).catch((err: Error) => {
      throw new Error(`${err.message} (${this.device.path}; is it readable by this user? see nacre doctor)`);
    });
    this.hid = hid;
    if (abort.aborted) throw abort.reason;
    hid.on('data', (report: Buffer) => {
      try {
        raw.update(report);
      } catch (err) {
        this.rejected(err);
        return;
      }
      this.publish(raw.controls);
    });
    hid.on('error', (err: Error) => this.lost(new Error(`read failed: ${err.message} (unplugged?)`)));
  }

  protected async disconnect(): Promise<void> {
    const hid = this.hid;
    this.hid = undefined;
    hid?.removeAllListeners('data');
    await hid?.close().catch(() => undefined);
    hid?.removeAllListeners('error');
  }

  async write(channel: string, value: Value): Promise<void> {
    const report = this.outputs.apply(channel, value);
    if (this.state !== 'open' || !this.hid) throw new Error(`gamepad "${this.id}" is not open (${this.state})`);
    await this.hid.write(report);
  }
}
