import { randomBytes } from 'node:crypto';

/** today in the kiosk's own time zone: phone numbers and bans last until it changes */
export const localDay = (d = new Date()): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/**
 * Anonymous phones for the day. A phone's page keeps a random token the runtime gave it (localStorage, no
 * cookie, nothing about the visitor); the runtime knows it only as "phone 17" until the day changes, when
 * every number, token and ban is forgotten. A phone that clears its storage becomes a new phone: a ban holds a
 * phone, not a person (README "Visitors' phones").
 */
export class PhoneRegistry {
  private day: string;
  private readonly numbers = new Map<string, number>();
  private readonly banned = new Set<number>();
  private next = 1;

  constructor(
    private readonly perDay = 20_000,
    private readonly today: () => string = () => localDay(),
  ) {
    this.day = today();
  }

  /** the phone a token names today; an unknown or malformed token gets a new number (undefined: the day is full) */
  identify(token: unknown): { token: string; phone: number } | undefined {
    this.rollOver();
    if (typeof token === 'string' && TOKEN.test(token)) {
      const known = this.numbers.get(token);
      if (known !== undefined) return { token, phone: known };
    }
    if (this.numbers.size >= this.perDay) return undefined;
    const fresh = randomBytes(16).toString('base64url');
    const phone = this.next++;
    this.numbers.set(fresh, phone);
    return { token: fresh, phone };
  }

  ban(phone: number): void {
    this.rollOver();
    this.banned.add(phone);
  }

  isBanned(phone: number): boolean {
    this.rollOver();
    return this.banned.has(phone);
  }

  get bans(): number {
    return this.banned.size;
  }

  get known(): number {
    return this.numbers.size;
  }

  private rollOver(): void {
    const today = this.today();
    if (today === this.day) return;
    this.day = today;
    this.numbers.clear();
    this.banned.clear();
    this.next = 1;
  }
}
