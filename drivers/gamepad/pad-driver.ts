import type { Logger } from '../../runtime/core/log.ts';
import type { Value } from '../../runtime/core/signals.ts';
import { BaseDriver } from '../base-driver.ts';
import type { Driver } from '../../runtime/core/driver.ts';
import type { PadDevice } from './discover.ts';
import { PadMapper, type RawControls } from './pad-mapper.ts';
import type { Calibration, Profile } from './profile.ts';

/** What the HID and evdev pad drivers share: profile mapping, signals as `gamepad:<id>`, loss reporting. */
export abstract class PadDriver extends BaseDriver implements Driver {
  protected readonly mapper: PadMapper;
  private readonly source: string;
  private badInput = 0;

  protected constructor(
    readonly id: string,
    protected readonly device: PadDevice,
    protected readonly profile: Profile,
    calibration: Calibration,
    log: Logger,
  ) {
    super(log, 'gamepad');
    this.mapper = new PadMapper(profile, calibration);
    this.source = `gamepad:${id}`;
  }

  abstract write(channel: string, value: Value): Promise<void>;

  protected publish(raw: RawControls): void {
    const t = performance.now();
    for (const [channel, value] of this.mapper.changes(raw))
      this.emitSignal({ source: this.source, channel, value, t });
  }

  /** a report or event the pad should not send: counted and logged once, the pad stays open */
  protected rejected(err: unknown): void {
    this.badInput++;
    if (this.badInput === 1 || this.badInput % 1000 === 0) {
      this.log.warn(
        { err: err instanceof Error ? err.message : String(err), count: this.badInput, device: this.device.name },
        'gamepad sent input its descriptor does not describe; ignored',
      );
    }
  }
}
