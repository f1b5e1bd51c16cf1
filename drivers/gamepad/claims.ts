/**
 * Which slot holds which pad: a pad is never given to two slots; a slot gets back the pad it held last
 * when it returns; a pad another slot held last is left for that slot while other pads are free.
 */
export class PadClaims {
  private readonly claimedBy = new Map<string, string>(); // pad identity -> slot holding it now
  private readonly lastHeld = new Map<string, string>(); // slot -> pad identity it held last

  /** the pad for `slot` among those present (identities), claimed for it; undefined when none is free */
  pick<P extends { id: string }>(slot: string, present: readonly P[]): P | undefined {
    this.release(slot);
    const free = present.filter((p) => !this.claimedBy.has(p.id));
    const mine = this.lastHeld.get(slot);
    const others = new Set([...this.lastHeld].filter(([s]) => s !== slot).map(([, pad]) => pad));
    const pick = free.find((p) => p.id === mine) ?? free.find((p) => !others.has(p.id));
    if (!pick) return undefined;
    this.claimedBy.set(pick.id, slot);
    this.lastHeld.set(slot, pick.id);
    return pick;
  }

  release(slot: string): void {
    for (const [pad, holder] of this.claimedBy) if (holder === slot) this.claimedBy.delete(pad);
  }

  holder(pad: string): string | undefined {
    return this.claimedBy.get(pad);
  }
}
