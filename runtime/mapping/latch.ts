/**
 * Holds an action's rising edge until a model step has consumed it, so a tap shorter than one step is
 * seen by exactly one step. The loop takes its snapshot and calls consume() in one synchronous turn,
 * so no edge can slip in between the two.
 */
export class TapLatch {
  private readonly live = new Map<string, boolean>();
  private readonly latched = new Set<string>();

  /** Sets the starting value without counting it as an edge (a fallback of true is no tap). */
  seed(verb: string, value: boolean): void {
    this.live.set(verb, value);
  }

  /** Records the resolved value after a change; false -> true is latched. */
  update(verb: string, value: boolean): void {
    if (value && !this.live.get(verb)) this.latched.add(verb);
    this.live.set(verb, value);
  }

  /** What a snapshot reports: the live value, or true while a tap waits to be consumed. */
  read(verb: string, live: boolean): boolean {
    return live || this.latched.has(verb);
  }

  /** a tap of `verb` waits to be consumed */
  pending(verb: string): boolean {
    return this.latched.has(verb);
  }

  forget(verb: string): void {
    this.live.delete(verb);
    this.latched.delete(verb);
  }

  /** Taps still held stay true through their live value. */
  consume(): void {
    this.latched.clear();
  }
}
