import { createReadStream, type ReadStream } from 'node:fs';
import type { Logger } from '../../../runtime/core/log.ts';
import type { PadDevice } from '../discover.ts';
import { PadDriver } from '../pad-driver.ts';
import type { RawValue } from '../pad-mapper.ts';
import type { Calibration, Profile } from '../profile.ts';
import {
  absName,
  EV_ABS,
  EV_KEY,
  EV_SYN,
  isHatAxis,
  isRestingAtZero,
  keyName,
  SYN_DROPPED,
  SYN_REPORT,
} from './codes.ts';
import { EventSplitter, type InputEvent } from './events.ts';

const CLOSE_MS = 500;

/**
 * A pad read through /dev/input/eventN (wired Xbox pads under xpad, hid-nintendo, anything the kernel drives).
 * Axis ranges come from the profile; an axis it does not list learns its range from what it reports
 * (reading EVIOCGABS needs an ioctl Node cannot make), starting from a signed 16-bit stick.
 */
export class EvdevPadDriver extends PadDriver {
  private stream: ReadStream | undefined;
  private readonly controls = new Map<string, RawValue>();
  private readonly learned = new Map<string, [number, number]>();
  private readonly splitter = new EventSplitter();
  private dropping = false;

  constructor(id: string, device: PadDevice, profile: Profile, calibration: Calibration, log: Logger) {
    super(id, device, profile, calibration, log);
  }

  protected async connect(abort: AbortSignal): Promise<void> {
    const stream = createReadStream(this.device.path, { highWaterMark: 24 * 64 });
    this.stream = stream;
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err) =>
        reject(
          new Error(
            `${err.message} (is ${this.device.path} readable by this user? add it to the "input" group; see nacre doctor)`,
          ),
        ),
      );
    });
    if (abort.aborted) throw abort.reason;
    stream.on('data', (chunk) => this.events(this.splitter.push(chunk as Buffer)));
    // ENODEV when the pad is unplugged; end when the node goes away
    stream.on('error', (err) => this.lost(new Error(`read failed: ${err.message} (unplugged?)`)));
    stream.on('end', () => this.lost(new Error('the device node closed (unplugged)')));
  }

  protected async disconnect(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    // an unplugged pad's stream has already closed itself: waiting for 'close' again would never end
    if (!stream || stream.closed) return;
    // a read waits in the thread pool until the pad sends something, and the stream closes only after it: a
    // quiet pad would hold close() until its next event, so let go after a moment (the descriptor is closed
    // when that read returns; the driver passes nothing on once closed)
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()).destroy());
    await Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, CLOSE_MS).unref())]);
  }

  async write(channel: string): Promise<void> {
    if (this.state !== 'open') throw new Error(`gamepad "${this.id}" is not open (${this.state})`);
    throw new Error(
      `gamepad ${this.id} is read through evdev: "${channel}" is not supported (rumble needs the EVIOCSFF ioctl); use a HID pad for rumble and lights`,
    );
  }

  private events(events: InputEvent[]): void {
    for (const e of events) {
      if (e.type === EV_SYN) this.sync(e.code);
      else if (this.dropping) continue;
      else if (e.type === EV_KEY) this.controls.set(keyName(e.code), e.value !== 0);
      else if (e.type === EV_ABS) this.axis(absName(e.code), e.code, e.value);
    }
  }

  /** values become one pad state at SYN_REPORT; after SYN_DROPPED the kernel lost events: wait for the next report */
  private sync(code: number): void {
    if (code === SYN_DROPPED) {
      this.dropping = true;
      this.rejected(new Error('the kernel dropped input events (SYN_DROPPED): reading too slowly'));
    } else if (code === SYN_REPORT) {
      if (!this.dropping) this.publish(this.controls);
      this.dropping = false;
    }
  }

  private axis(name: string, code: number, value: number): void {
    const range = this.profile.ranges[name] ?? this.learn(name, code, value);
    const [min, max] = range;
    this.controls.set(name, { unit: max === min ? 0.5 : Math.min(1, Math.max(0, (value - min) / (max - min))) });
  }

  private learn(name: string, code: number, value: number): [number, number] {
    // triggers and pedals rest at 0 and go up; sticks that report around 0 are signed 16-bit, around 128 unsigned 8-bit
    const start: [number, number] = isHatAxis(code)
      ? [-1, 1]
      : !isRestingAtZero(code) && value <= 0
        ? [-32768, 32767]
        : [0, Math.max(255, value)];
    const r = this.learned.get(name) ?? start;
    const grown: [number, number] = [Math.min(r[0], value), Math.max(r[1], value)];
    this.learned.set(name, grown);
    return grown;
  }
}
