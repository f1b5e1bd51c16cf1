import { Ballot, ballotError } from './vote.ts';
import type { VoteAck, VoteView } from './protocol.ts';

/** how often live counts go out while phones vote: to the consoles and display pages, and to every phone */
const COUNTS_MS = { watchers: 250, phones: 1000 } as const;

/** who hears a vote: the phones (hundreds of sockets, one room emit) or the consoles and display pages */
export type Audience = keyof typeof COUNTS_MS;

/**
 * The one vote at a time: opened by the operator (or a cue), counted live on the phones and consoles, its
 * winner sent to the model when it closes (a vote nobody voted in sends nothing).
 */
export class VoteDesk {
  private ballot: Ballot | undefined;
  private opened = 0;
  private readonly countsTimers: Partial<Record<Audience, NodeJS.Timeout>> = {};

  constructor(
    /** to one audience; opening and closing go to both at once, live counts as COUNTS_MS allows */
    private readonly broadcast: (v: VoteView | null, to: Audience) => void,
    private readonly send: (text: string, from: string) => void,
    private readonly isBanned: (phone: number) => boolean,
  ) {}

  open(options: unknown, seconds: unknown): string | undefined {
    if (this.ballot?.open) return 'a vote is open already';
    const error = ballotError(options, seconds);
    if (error) return error;
    const lines = (options as unknown[]).map((o) => (typeof o === 'string' ? o.trim() : ''));
    if (lines.some((l) => !l || l.length > 500)) return 'each option is 1 to 500 characters of text';
    this.ballot = new Ballot(++this.opened, lines, seconds as number, (b) => this.closed(b));
    this.tellAll(this.ballot.view());
    return undefined;
  }

  closeNow(): string | undefined {
    if (!this.ballot?.open) return 'no vote is open';
    this.ballot.close();
    return undefined;
  }

  cast(phone: number, voteId: unknown, option: unknown): VoteAck {
    if (!this.ballot) return { ok: false, reason: 'closed' };
    if (this.isBanned(phone)) return { ok: false, reason: 'invalid' };
    const ack = this.ballot.cast(phone, voteId, option);
    if (ack.ok) this.countsSoon();
    return ack;
  }

  view(): VoteView | null {
    return this.ballot?.view() ?? null;
  }

  get held(): number {
    return this.opened;
  }

  close(): void {
    this.stopCounts();
    this.ballot?.cancel();
  }

  private closed(b: Ballot): void {
    this.stopCounts();
    this.tellAll(b.view());
    const winner = b.winner;
    if (winner === undefined) return;
    const votes = b.view().counts[winner] ?? 0;
    this.send(b.options[winner]!, `vote ${b.id}: ${votes} of ${b.votes} phone(s)`);
  }

  private tellAll(v: VoteView): void {
    this.broadcast(v, 'phones');
    this.broadcast(v, 'watchers');
  }

  private stopCounts(): void {
    for (const to of Object.keys(COUNTS_MS) as Audience[]) {
      clearTimeout(this.countsTimers[to]);
      delete this.countsTimers[to];
    }
  }

  /** live counts, at most every COUNTS_MS however fast the votes come (one emit for all phones) */
  private countsSoon(): void {
    for (const to of Object.keys(COUNTS_MS) as Audience[]) {
      if (this.countsTimers[to]) continue;
      this.countsTimers[to] = setTimeout(() => {
        delete this.countsTimers[to];
        if (this.ballot?.open) this.broadcast(this.ballot.view(), to);
      }, COUNTS_MS[to]);
    }
  }
}
