import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Blocklist } from './blocklist.ts';
import type { PhonesConfig } from './config.ts';
import { cleanText, foldText } from './normalise.ts';

/** why a suggestion was refused; the phone shows the reason in its language (texts/<lang>.json) */
export type Refusal = 'invalid' | 'empty' | 'too-long' | 'blocked' | 'slow-down' | 'banned' | 'queue-full';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type Verdict = { ok: true; text: string } | { ok: false; reason: Refusal; retryInSeconds?: number };

/**
 * The filters every suggestion passes before anything reaches the model, in the operator's mode as in the
 * automatic one: a banned phone, text that is not well-formed, empty or too long (after normalisation), the
 * rate limit per phone and its cooldown (a refused suggestion costs its turn too, so the blocklist cannot be
 * probed at speed), then the blocklist. HappyOyster's own content check is the last line, not this one.
 */
export class Moderator {
  private perMinute!: RateLimiterMemory;
  private cooldown: RateLimiterMemory | undefined;

  constructor(
    private config: PhonesConfig['moderation'],
    private blocklist: Blocklist | undefined,
    private readonly isBanned: (phone: number) => boolean,
  ) {
    this.limit(config);
  }

  /**
   * New rules from a config reload; the phones' counts go on unless the rate itself changed (then every phone
   * starts afresh under the new one).
   */
  reconfigure(config: PhonesConfig['moderation'], blocklist: Blocklist | undefined): void {
    const rate = config.perMinute !== this.config.perMinute || config.cooldownSeconds !== this.config.cooldownSeconds;
    this.config = config;
    this.blocklist = blocklist;
    if (rate) this.limit(config);
  }

  private limit(config: PhonesConfig['moderation']): void {
    this.perMinute = new RateLimiterMemory({ keyPrefix: 'minute', points: config.perMinute, duration: 60 });
    this.cooldown =
      config.cooldownSeconds > 0
        ? new RateLimiterMemory({ keyPrefix: 'cooldown', points: 1, duration: config.cooldownSeconds })
        : undefined;
  }

  async check(phone: number, raw: unknown): Promise<Verdict> {
    if (this.isBanned(phone)) return { ok: false, reason: 'banned' };
    const shaped = this.shape(raw);
    if (!shaped.ok) return shaped;
    const wait = await this.spend(phone);
    if (wait !== undefined) return { ok: false, reason: 'slow-down', retryInSeconds: wait };
    return this.blocked(shaped.text) ? { ok: false, reason: 'blocked' } : shaped;
  }

  /** the operator's edit passes the same text filters (no rate: the operator is not a phone) */
  checkEdit(raw: unknown): Verdict {
    const shaped = this.shape(raw);
    if (!shaped.ok) return shaped;
    return this.blocked(shaped.text) ? { ok: false, reason: 'blocked' } : shaped;
  }

  private shape(raw: unknown): Verdict {
    // a lone surrogate is what invalid UTF-8 becomes once decoded: refused rather than passed on mangled
    if (typeof raw !== 'string' || LONE_SURROGATE.test(raw)) return { ok: false, reason: 'invalid' };
    if (raw.length > this.config.maxLength * 8) return { ok: false, reason: 'too-long' };
    const text = cleanText(raw);
    if (!text) return { ok: false, reason: 'empty' };
    if ([...text].length > this.config.maxLength) return { ok: false, reason: 'too-long' };
    return { ok: true, text };
  }

  private blocked(text: string): boolean {
    return this.blocklist?.match(foldText(text)) !== undefined;
  }

  /** undefined when the phone may send now, else the seconds until it may */
  private async spend(phone: number): Promise<number | undefined> {
    const key = String(phone);
    try {
      if (this.cooldown) await this.cooldown.consume(key);
      await this.perMinute.consume(key);
      return undefined;
    } catch (err) {
      if (err instanceof RateLimiterRes) return Math.ceil(err.msBeforeNext / 1000);
      throw err;
    }
  }
}
