import type { Logger } from '../../runtime/core/log.ts';
import type { OpenApiClient } from './api.ts';

/** What a display page needs to join a travel: a single-use ticket and a temporary key, both short-lived. */
export interface Credentials {
  ticket: string;
  token: string;
  /** on the session's clock (ms): when the sooner of the two runs out */
  validUntil: number;
  /** on the session's clock (ms): when they were minted */
  mintedAt: number;
}

/** the temporary key's life: HappyOyster's longest */
const TOKEN_TTL_SEC = 1800;

export async function mintCredentials(client: OpenApiClient, worldId: string, now: () => number): Promise<Credentials> {
  const [cred, token] = await Promise.all([client.travelCredential(worldId), client.temporaryKey(TOKEN_TTL_SEC)]);
  const mintedAt = now();
  const tokenMs = token.expiresAt ? token.expiresAt * 1000 - Date.now() : TOKEN_TTL_SEC * 1000;
  return {
    ticket: cred.ticket,
    token: token.token,
    mintedAt,
    validUntil: mintedAt + Math.min(cred.expiresIn * 1000, tokenMs),
  };
}

/** renew a minute before they run out, or half way through a shorter life */
export function renewDue(c: Credentials, t: number): boolean {
  const margin = Math.min(60_000, (c.validUntil - c.mintedAt) / 2);
  return t >= c.validUntil - margin;
}

/**
 * A kiosk can wait in attract longer than a ticket lives: new credentials are minted before they run out, for
 * as long as no travel has begun (a ticket is used once a page starts one).
 */
export class CredentialRenewal {
  private renewing = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private credentials: Credentials,
    private readonly o: {
      renew: () => Promise<Credentials>;
      waiting: () => boolean;
      apply: (c: Credentials) => void;
      now: () => number;
      log: Logger;
      everyMs: number;
    },
  ) {
    this.timer = setInterval(() => void this.renewIfDue(), o.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async renewIfDue(): Promise<void> {
    if (!this.o.waiting() || this.renewing || !renewDue(this.credentials, this.o.now())) return;
    this.renewing = true;
    try {
      const next = await this.o.renew();
      if (!this.o.waiting()) return;
      this.credentials = next;
      this.o.apply(next);
    } catch (err) {
      // the next check tries again; a page that starts with an expired ticket fails and the visit falls back
      this.o.log.warn({ err: (err as Error).message }, 'HappyOyster ticket renewal failed');
    } finally {
      this.renewing = false;
    }
  }
}
