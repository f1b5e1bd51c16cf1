import { DateTime } from 'luxon';
import type { Logger } from '../core/log.ts';
import type { ScheduleConfig } from './config.ts';
import { hoursAt } from './hours.ts';
import { loadClosedPicture, type ClosedPicture } from './picture.ts';

/** where the display pages load the closed picture from (runtime/http/app.ts serves it) */
export const CLOSED_PICTURE_PATH = '/assets/closed-picture';

export type Opening = 'open' | 'warming' | 'closed';

/** What the opening hours change in the exhibit (runtime.ts carries them out). */
export interface OpeningEffects {
  /** closed: every display black, every speaker silent; false: back */
  dark(on: boolean): void;
  /** closed with a picture: its address for the display pages (they draw it instead of black); null: none */
  picture?(address: string | null): void;
  /** the model loaded and running (warming up behind the dark displays) */
  load(): Promise<void>;
  /** the model closed: the GPU is free for other work */
  unload(): Promise<void>;
}

export interface ScheduleStatus {
  state: Opening;
  timezone: string;
  /** an operator's "open now" / "close now", which holds until the next scheduled change */
  override?: 'open' | 'closed';
  /** the next scheduled opening or closing, in the exhibit's timezone */
  nextChange?: string;
}

const CHECK_MS = 15_000;

/**
 * Opening hours: open, closed, or warming up before opening. Time comes from `clock` (ms since the epoch),
 * checked every 15 s and whenever evaluate() is called, so a test can move a fake clock and evaluate.
 */
export class OpeningHours {
  private state: Opening | undefined;
  private override: { open: boolean; until: number | undefined } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  /** the configured closed picture, decoded at start */
  picture: ClosedPicture | undefined;

  constructor(
    private readonly config: ScheduleConfig,
    private readonly effects: OpeningEffects,
    private readonly log: Logger,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  async start(): Promise<void> {
    if (this.config.closedImage) this.picture = await loadClosedPicture(this.config.closedImage);
    await this.evaluate();
    this.timer = setInterval(() => void this.evaluate(), CHECK_MS);
    this.timer.unref();
  }

  /** brings the exhibit to what the schedule (or an override) wants now; changes run one after another */
  evaluate(): Promise<void> {
    this.busy = this.busy
      .then(() => this.apply(this.wanted()))
      .catch((err: Error) => this.log.error({ err: err.message }, 'opening hours: the change failed'));
    return this.busy;
  }

  /** opens now until the next scheduled change */
  openNow(): Promise<void> {
    return this.overrideUntilNextChange(true);
  }

  closeNow(): Promise<void> {
    return this.overrideUntilNextChange(false);
  }

  status(): ScheduleStatus {
    const next = hoursAt(this.config, this.clock()).nextChange;
    return {
      state: this.state ?? 'closed',
      timezone: this.config.timezone,
      ...(this.override ? { override: this.override.open ? ('open' as const) : ('closed' as const) } : {}),
      ...(next !== undefined ? { nextChange: this.local(next) } : {}),
    };
  }

  close(): void {
    clearInterval(this.timer);
  }

  private overrideUntilNextChange(open: boolean): Promise<void> {
    this.override = { open, until: hoursAt(this.config, this.clock()).nextChange };
    this.log.info({ open, until: this.override.until && this.local(this.override.until) }, 'opening hours overridden');
    return this.evaluate();
  }

  private wanted(): Opening {
    const now = this.clock();
    if (this.override && (this.override.until === undefined || now < this.override.until))
      return this.override.open ? 'open' : 'closed';
    this.override = undefined;
    const hours = hoursAt(this.config, now);
    if (hours.open) return 'open';
    const warm = this.config.warmUpMinutes * 60_000;
    return hours.nextOpening !== undefined && hours.nextOpening - now <= warm ? 'warming' : 'closed';
  }

  private async apply(next: Opening): Promise<void> {
    const was = this.state;
    if (next === was) return;
    this.state = next;
    this.log.info({ from: was, to: next, at: this.local(this.clock()) }, 'opening hours');
    if (next === 'closed') {
      this.darken(true);
      await this.effects.unload();
      return;
    }
    if (was === 'closed' || was === undefined) await this.effects.load();
    this.darken(next !== 'open');
  }

  /** dark, with the closed picture where there is one (the version in its address: a new one is not cached) */
  private darken(on: boolean): void {
    this.effects.dark(on);
    const version =
      this.picture && `${this.picture.data.length.toString(36)}-${this.picture.width}x${this.picture.height}`;
    this.effects.picture?.(on && version ? `${CLOSED_PICTURE_PATH}?v=${version}` : null);
  }

  private local(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.config.timezone }).toISO({ suppressMilliseconds: true }) ?? '';
  }
}
