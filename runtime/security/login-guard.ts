import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

/** How many wrong passwords are free, and how the wait after them grows. */
export interface LoginLimits {
  /** wrong attempts from one address before it must wait */
  freePerAddress: number;
  /** wrong attempts at one account (from anywhere) before it must wait */
  freePerAccount: number;
  /** the first wait; each further attempt doubles it, up to maxDelaySeconds */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** attempts are remembered until this long passes without one; then the count (and the incident) start again */
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  freePerAddress: 5,
  freePerAccount: 10,
  baseDelaySeconds: 1,
  maxDelaySeconds: 900,
  windowSeconds: 3600,
};

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A lockout starting: one per address or account per incident (the guard's listener logs and audits it). */
export interface LockoutNotice {
  key: 'address' | 'account';
  value: string;
  attempts: number;
}

/**
 * Growing delays against password guessing, per address and per account. An attempt is admitted (or refused)
 * *before* its password is checked, one decision at a time, so thousands of attempts sent at once (on new
 * connections or multiplexed on one websocket) get the same answer as thousands sent one by one. Past the free
 * attempts, each admitted attempt locks its address and account for a doubling delay until it succeeds.
 */
export class LoginGuard {
  private readonly attempts: RateLimiterMemory;
  private readonly locks = new RateLimiterMemory({ keyPrefix: 'lock', points: 1, duration: 1 });
  /** keys whose lockout was announced; forgotten a window after their last lock, so a later incident is announced */
  private readonly incidents: RateLimiterMemory;
  private decisions: Promise<unknown> = Promise.resolve();
  private refusedCount = 0;

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly notice: (n: LockoutNotice) => void = () => undefined,
  ) {
    this.attempts = new RateLimiterMemory({
      keyPrefix: 'attempt',
      points: Number.MAX_SAFE_INTEGER,
      duration: limits.windowSeconds,
    });
    this.incidents = new RateLimiterMemory({ keyPrefix: 'incident', points: 1, duration: limits.windowSeconds });
  }

  /** attempts refused unchecked because their address or account was waiting */
  get refused(): number {
    return this.refusedCount;
  }

  /** Whether an attempt may check its password now; counts it either way. */
  admit(address: string, account: string): Promise<Admission> {
    const decision = this.decisions.then(() => this.decide(address, account));
    this.decisions = decision.catch(() => undefined);
    return decision;
  }

  /** the right password: the address and the account start afresh */
  async succeeded(address: string, account: string): Promise<void> {
    for (const key of keysOf(address, account)) {
      await this.attempts.delete(key);
      await this.locks.delete(key);
      await this.incidents.delete(key);
    }
  }

  private async decide(address: string, account: string): Promise<Admission> {
    const keys = keysOf(address, account);
    const waits = await Promise.all(keys.map((k) => this.locks.get(k)));
    const wait = Math.max(0, ...waits.map(lockedFor));
    if (wait > 0) {
      this.refusedCount++;
      return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    }
    for (const key of keys) await this.count(key);
    return { ok: true };
  }

  /** one more attempt on `key`, remembered until a window passes without one; past the free ones, a lock */
  private async count(key: string): Promise<void> {
    const { windowSeconds } = this.limits;
    const before = await this.attempts.get(key);
    const attempts = (before?.consumedPoints ?? 0) + 1;
    await this.attempts.set(key, attempts, windowSeconds);
    const over = attempts - this.free(key);
    if (over <= 0) return;
    await this.locks.block(key, this.delay(over));
    const known = await this.incidents.get(key);
    await this.incidents.set(key, 1, windowSeconds);
    if (!known) this.notice({ ...describe(key), attempts });
  }

  private free(key: string): number {
    return key.startsWith('address:') ? this.limits.freePerAddress : this.limits.freePerAccount;
  }

  /** seconds to wait after the n-th attempt past the free ones */
  private delay(over: number): number {
    const { baseDelaySeconds, maxDelaySeconds } = this.limits;
    return Math.min(maxDelaySeconds, baseDelaySeconds * 2 ** Math.min(over - 1, 30));
  }
}

function keysOf(address: string, account: string): string[] {
  return [`address:${address}`, `account:${account}`];
}

function describe(key: string): Pick<LockoutNotice, 'key' | 'value'> {
  const at = key.indexOf(':');
  return { key: key.slice(0, at) as LockoutNotice['key'], value: key.slice(at + 1) };
}

/** ms the key is still locked for (a blocked key holds more than its one point) */
function lockedFor(res: RateLimiterRes | null): number {
  return res && res.consumedPoints > 1 ? res.msBeforeNext : 0;
}
