import { Ballot, ballotError } from './vote.ts';
import type { VoteAck, VoteView } from './protocol.ts';

/** how often live counts go out while phones vote */
const COUNTS_MS = 250;

/**
 * The one vote at a time: opened by the operator (or a cue), counted live on the phones and consoles, its
 * winner sent to the model when it closes (a vote nobody voted in sends nothing).
 */
export class VoteDesk {
  private ballot: Ballot | undefined;
  private opened = 0;
  private countsTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly broadcast: (v: VoteView | null) => void,
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
    this.broadcast(this.ballot.view());
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
    clearTimeout(this.countsTimer);
    this.ballot?.cancel();
  }

  private closed(b: Ballot): void {
    clearTimeout(this.countsTimer);
    this.countsTimer = undefined;
    this.broadcast(b.view());
    const winner = b.winner;
    if (winner === undefined) return;
    const votes = b.view().counts[winner] ?? 0;
    this.send(b.options[winner]!, `vote ${b.id}: ${votes} of ${b.votes} phone(s)`);
  }

  /** live counts, at most every COUNTS_MS however fast the votes come */
  private countsSoon(): void {
    if (this.countsTimer) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = undefined;
      if (this.ballot?.open) this.broadcast(this.ballot.view());
    }, COUNTS_MS);
  }
}
