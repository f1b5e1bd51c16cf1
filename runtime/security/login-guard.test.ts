import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginGuard, type LockoutNotice } from './login-guard.ts';

const LIMITS = { freePerAddress: 3, freePerAccount: 5, baseDelaySeconds: 1, maxDelaySeconds: 8, windowSeconds: 60 };

describe('LoginGuard', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('admits the free attempts, then one per lock, each lock longer than the last, up to the cap', async () => {
    const guard = new LoginGuard(LIMITS);
    for (let i = 0; i < 3; i++) expect((await guard.admit('10.0.0.9', 'admin')).ok).toBe(true);
    expect((await guard.admit('10.0.0.9', 'admin')).ok).toBe(true); // the 4th: admitted, and locks for 1 s
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const refused = await guard.admit('10.0.0.9', 'admin');
      if (refused.ok) throw new Error('admitted while locked');
      waits.push(refused.retryAfterSeconds);
      vi.advanceTimersByTime(refused.retryAfterSeconds * 1000);
      expect((await guard.admit('10.0.0.9', 'admin')).ok).toBe(true);
    }
    expect(waits).toEqual([1, 2, 4, 8, 8]);
    expect(guard.refused).toBe(5);
  });

  it('decides thousands of attempts sent at once as if they came one by one', async () => {
    const guard = new LoginGuard(LIMITS);
    const all = await Promise.all(Array.from({ length: 5000 }, () => guard.admit('10.0.0.9', 'admin')));
    expect(all.filter((a) => a.ok)).toHaveLength(4);
    expect(guard.refused).toBe(4996);
  });

  it('an account is guarded across addresses, and a right password starts both afresh', async () => {
    const guard = new LoginGuard(LIMITS);
    for (let i = 0; i < 6; i++) expect((await guard.admit(`10.0.0.${i}`, 'admin')).ok).toBe(true);
    expect((await guard.admit('10.0.0.99', 'admin')).ok).toBe(false);
    expect((await guard.admit('10.0.0.99', 'operator')).ok).toBe(true);
    await guard.succeeded('10.0.0.99', 'admin');
    expect((await guard.admit('10.0.0.99', 'admin')).ok).toBe(true);
  });

  it('announces a lockout once per incident, however many attempts follow', async () => {
    const notices: LockoutNotice[] = [];
    const guard = new LoginGuard(LIMITS, (n) => notices.push(n));
    for (let i = 0; i < 300; i++) {
      const a = await guard.admit('10.0.0.9', 'admin');
      if (!a.ok) vi.advanceTimersByTime(a.retryAfterSeconds * 1000);
    }
    expect(notices).toEqual([
      { key: 'address', value: '10.0.0.9', attempts: 4 },
      { key: 'account', value: 'admin', attempts: 6 },
    ]);
    await guard.succeeded('10.0.0.9', 'admin');
    for (let i = 0; i < 4; i++) await guard.admit('10.0.0.9', 'admin');
    expect(notices).toHaveLength(3); // a new incident after the right password
  });

  it('forgets the attempts once a window passes without one', async () => {
    const notices: LockoutNotice[] = [];
    const guard = new LoginGuard(LIMITS, (n) => notices.push(n));
    for (let i = 0; i < 4; i++) await guard.admit('10.0.0.9', 'admin');
    vi.advanceTimersByTime(61_000);
    for (let i = 0; i < 3; i++) expect((await guard.admit('10.0.0.9', 'admin')).ok).toBe(true);
    expect((await guard.admit('10.0.0.9', 'admin')).ok).toBe(true);
    expect((await guard.admit('10.0.0.9', 'admin')).ok).toBe(false);
    expect(notices.map((n) => n.key)).toEqual(['address', 'address']);
  });
});
