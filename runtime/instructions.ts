import type { InstructionEntry } from './console/protocol.ts';

/** The operator's instruction log: what was asked and what the model did with it (newest last). */
export class InstructionLog {
  private readonly entries: InstructionEntry[] = [];

  constructor(private readonly keep = 100) {}

  add(text: string, accepted: boolean, effect: string, from?: string): InstructionEntry {
    const entry = { at: new Date().toISOString(), text, accepted, effect, ...(from ? { from } : {}) };
    this.entries.push(entry);
    if (this.entries.length > this.keep) this.entries.shift();
    return entry;
  }

  all(): InstructionEntry[] {
    return [...this.entries];
  }
}
