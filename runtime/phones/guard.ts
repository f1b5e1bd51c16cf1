import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { PhonesConfig } from './config.ts';

/** counts by reason, for /api/status */
export class Tally {
  private readonly counts: Record<string, number> = {};

  add(reason: string): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
  }

  get(reason: string): number {
    return this.counts[reason] ?? 0;
  }

  snapshot(): Record<string, number> {
    return { ...this.counts };
  }
}

/** a phone cut off after this many seconds' worth of dropped messages */
const FLOOD_STRIKES_SECONDS = 10;

/**
 * What keeps many phones, or one phone misbehaving, from hurting the kiosk: phones at once (in all and per
 * network address) and messages per phone per second. Refusals are counted here by reason.
 */
export class PhoneGuard {
  readonly refused = new Tally();
  readonly dropped = new Tally();
  private readonly perAddress = new Map<string, number>();
  private total = 0;
  private readonly messages: RateLimiterMemory;
  private readonly strikes = new Map<string, number>();

  constructor(private readonly limits: PhonesConfig['limits']) {
    this.messages = new RateLimiterMemory({ keyPrefix: 'msg', points: limits.messagesPerSecond, duration: 1 });
  }

  /** a refusal's reason, or undefined when the phone may connect (then `leave` must follow) */
  admit(address: string): 'full' | 'address' | undefined {
    if (this.total >= this.limits.connections) return this.refuse('full');
    const here = this.perAddress.get(address) ?? 0;
    if (here >= this.limits.connectionsPerAddress) return this.refuse('address');
    this.perAddress.set(address, here + 1);
    this.total++;
    return undefined;
  }

  leave(address: string, socketId: string): void {
    const here = (this.perAddress.get(address) ?? 1) - 1;
    if (here > 0) this.perAddress.set(address, here);
    else this.perAddress.delete(address);
    this.total--;
    this.strikes.delete(socketId);
  }

  /** whether a phone's message is let through; 'cut-off' when the phone has flooded long enough to be dropped */
  async message(socketId: string): Promise<'ok' | 'dropped' | 'cut-off'> {
    const ok = await this.messages.consume(socketId).then(
      () => true,
      () => false,
    );
    if (ok) return 'ok';
    this.dropped.add('flood');
    const strikes = (this.strikes.get(socketId) ?? 0) + 1;
    this.strikes.set(socketId, strikes);
    // once: messages already on their way when the phone is cut off are only dropped
    if (strikes !== this.limits.messagesPerSecond * FLOOD_STRIKES_SECONDS) return 'dropped';
    this.dropped.add('cut-off-flood');
    return 'cut-off';
  }

  get connected(): number {
    return this.total;
  }

  private refuse(reason: 'full' | 'address'): typeof reason {
    this.refused.add(reason);
    return reason;
  }
}
