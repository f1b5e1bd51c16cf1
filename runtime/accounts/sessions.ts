import { randomBytes } from 'node:crypto';
import type { Principal } from '../security/authenticator.ts';

export interface ConsoleSession extends Principal {
  token: string;
  /** ms since the epoch */
  expiresAt: number;
}

/**
 * Logged-in sessions: a login gives a random token (256 bits) that the console page keeps instead of the
 * password and reconnects with; it expires `hours` after the login, and then the console asks again.
 */
export class Sessions {
  private readonly byToken = new Map<string, ConsoleSession>();

  constructor(
    private readonly hours: number,
    private readonly now: () => number = Date.now,
  ) {}

  open(principal: Principal): ConsoleSession {
    this.prune();
    const session = { ...principal, token: randomBytes(32).toString('base64url'), expiresAt: this.expiry() };
    this.byToken.set(session.token, session);
    return session;
  }

  /** the session of a token, while it has not expired */
  find(token: unknown): ConsoleSession | undefined {
    if (typeof token !== 'string') return undefined;
    const session = this.byToken.get(token);
    if (session && session.expiresAt > this.now()) return session;
    if (session) this.byToken.delete(token);
    return undefined;
  }

  /** every session of a user ends (a password changed, an account removed) */
  endAll(user: string): void {
    for (const [token, s] of this.byToken) if (s.user === user) this.byToken.delete(token);
  }

  private expiry(): number {
    return this.now() + this.hours * 3600_000;
  }

  private prune(): void {
    const now = this.now();
    for (const [token, s] of this.byToken) if (s.expiresAt <= now) this.byToken.delete(token);
  }
}
