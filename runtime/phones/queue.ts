import type { Suggestion } from './protocol.ts';

/** Suggestions that passed the filters and wait for the operator (oldest first); bounded. */
export class SuggestionQueue {
  private readonly waiting: Suggestion[] = [];
  private nextId = 1;

  constructor(private size: number) {}

  /** a config reload's new size: what already waits stays; more are refused while it is over */
  resize(size: number): void {
    this.size = size;
  }

  /** undefined when the queue is full */
  add(phone: number, text: string): Suggestion | undefined {
    if (this.waiting.length >= this.size) return undefined;
    const s = { id: this.nextId++, phone, text, at: new Date().toISOString() };
    this.waiting.push(s);
    return s;
  }

  take(id: number): Suggestion | undefined {
    const i = this.waiting.findIndex((s) => s.id === id);
    return i < 0 ? undefined : this.waiting.splice(i, 1)[0];
  }

  /** puts back one taken by mistake (an edit that was refused), in its place by age */
  restore(s: Suggestion): void {
    const at = this.waiting.findIndex((w) => w.id > s.id);
    this.waiting.splice(at < 0 ? this.waiting.length : at, 0, s);
  }

  /** a banned phone's suggestions leave the queue with it */
  dropPhone(phone: number): number {
    const before = this.waiting.length;
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i]!.phone === phone) this.waiting.splice(i, 1);
    return before - this.waiting.length;
  }

  all(): Suggestion[] {
    return [...this.waiting];
  }

  get length(): number {
    return this.waiting.length;
  }
}
