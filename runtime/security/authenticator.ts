import type { Logger } from '../core/log.ts';
import { LoginGuard, type LockoutNotice, type LoginLimits } from './login-guard.ts';

export type Role = 'admin' | 'operator' | 'viewer';

export interface Principal {
  user: string;
  role: Role;
}

/** Checks a name and password (scrypt behind it): the principal, or undefined when they do not match. */
export type Verify = (user: string, password: string) => Promise<Principal | undefined>;

export type LoginResult =
  { ok: true; principal: Principal } | { ok: false; reason: 'unauthorized' | 'locked'; retryAfterSeconds?: number };

/** the account a login names when it names none (the console's first account) */
export const DEFAULT_USER = 'admin';

/**
 * Every password login (console socket, HTTP Bearer): the guard admits it or not before the password is
 * checked, so wrong guesses wait longer and longer. Wrong passwords are logged at debug level only; a lockout is
 * announced once per incident (`onLockout`, which the runtime also writes to the audit log).
 */
export class Authenticator {
  readonly guard: LoginGuard;

  constructor(
    private readonly verify: Verify,
    private readonly log: Logger,
    limits?: LoginLimits,
    onLockout: (n: LockoutNotice) => void = () => undefined,
  ) {
    this.guard = new LoginGuard(limits, (n) => {
      log.warn(n, `login locked out: too many wrong passwords for ${n.key} ${n.value}; later attempts wait longer`);
      onLockout(n);
    });
  }

  async login(address: string, userGiven: unknown, password: unknown): Promise<LoginResult> {
    const user = typeof userGiven === 'string' && userGiven ? userGiven.slice(0, 64) : DEFAULT_USER;
    const admitted = await this.guard.admit(address, user);
    if (!admitted.ok) return { ok: false, reason: 'locked', retryAfterSeconds: admitted.retryAfterSeconds };
    const principal = typeof password === 'string' ? await this.verify(user, password) : undefined;
    if (!principal) {
      this.log.debug({ address, user }, 'login refused: wrong or missing password');
      return { ok: false, reason: 'unauthorized' };
    }
    await this.guard.succeeded(address, user);
    return { ok: true, principal };
  }
}

/** The error a Socket.IO middleware refuses a login with: the client reads message and data. */
export function loginError(result: Extract<LoginResult, { ok: false }>): Error {
  const err = new Error(result.reason) as Error & { data?: unknown };
  if (result.retryAfterSeconds !== undefined) err.data = { retryAfterSeconds: result.retryAfterSeconds };
  return err;
}
