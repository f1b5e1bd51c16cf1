import type { VoteAck, VoteView } from './protocol.ts';

export const MAX_OPTIONS = 6;
export const MAX_VOTE_SECONDS = 300;

/** One vote among a few instructions: each phone once, closed by its timer; the most votes win (a tie: the first). */
export class Ballot {
  private readonly counts: number[];
  private readonly voters = new Set<number>();
  private closedWith: number | undefined | null = null;
  private readonly timer: NodeJS.Timeout;
  readonly endsAt: number;

  constructor(
    readonly id: number,
    readonly options: readonly string[],
    seconds: number,
    private readonly onClose: (b: Ballot) => void,
  ) {
    this.counts = options.map(() => 0);
    this.endsAt = Date.now() + seconds * 1000;
    this.timer = setTimeout(() => this.close(), seconds * 1000);
  }

  /** closes it now (its timer, or the operator ending it early): the winner is decided and handed on once */
  close(): void {
    if (!this.open) return;
    clearTimeout(this.timer);
    this.closedWith = this.leader();
    this.onClose(this);
  }

  get open(): boolean {
    return this.closedWith === null;
  }

  /** the winning option once closed (undefined: nobody voted) */
  get winner(): number | undefined {
    return this.closedWith ?? undefined;
  }

  get votes(): number {
    return this.voters.size;
  }

  cast(phone: number, voteId: unknown, option: unknown): VoteAck {
    if (voteId !== this.id || !this.open) return { ok: false, reason: 'closed' };
    if (typeof option !== 'number' || !Number.isInteger(option) || option < 0 || option >= this.counts.length)
      return { ok: false, reason: 'invalid' };
    if (this.voters.has(phone)) return { ok: false, reason: 'voted' };
    this.voters.add(phone);
    this.counts[option]!++;
    return { ok: true };
  }

  view(): VoteView {
    const winner = this.winner;
    return {
      id: this.id,
      options: [...this.options],
      counts: [...this.counts],
      endsAt: this.endsAt,
      ...(winner !== undefined ? { winner } : {}),
    };
  }

  /** drops it without a winner (the runtime closing) */
  cancel(): void {
    clearTimeout(this.timer);
    this.closedWith = undefined;
  }

  private leader(): number | undefined {
    if (this.voters.size === 0) return undefined;
    return this.counts.reduce((best, n, i) => (n > this.counts[best]! ? i : best), 0);
  }
}

/** the operator's options, checked: 2 to MAX_OPTIONS distinct lines, a duration within reason */
export function ballotError(options: unknown, seconds: unknown): string | undefined {
  if (!Array.isArray(options) || options.length < 2 || options.length > MAX_OPTIONS)
    return `a vote has 2 to ${MAX_OPTIONS} options`;
  if (typeof seconds !== 'number' || !(seconds >= 5 && seconds <= MAX_VOTE_SECONDS))
    return `a vote lasts 5 to ${MAX_VOTE_SECONDS} seconds`;
  return undefined;
}
