import type { ModelState } from '../core/world-model.ts';

export interface Snapshot {
  /** the world's step count when it was saved: restoring it, the next step made is step + 1 */
  step: number;
  state: ModelState;
  bytes: number;
}

export const stateBytes = (s: ModelState): number =>
  Object.values(s.tensors).reduce((sum, t) => sum + t.data.byteLength, 0);

/** The world's last seconds, one snapshot a second, oldest dropped first: what a rewind goes back to. */
export class SnapshotRing {
  private items: Snapshot[] = [];

  constructor(private readonly capacity: number) {}

  push(state: ModelState): void {
    if (this.capacity <= 0) return;
    this.items.push({ step: state.step, state, bytes: stateBytes(state) });
    if (this.items.length > this.capacity) this.items.shift();
  }

  /** the newest snapshot at or before `step`, else the oldest one (a rewind further back than the ring holds) */
  at(step: number): Snapshot | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i]!.step <= step) return this.items[i];
    return this.items[0];
  }

  /** a rewind branches the world: the snapshots of the future it left are dropped */
  dropAfter(step: number): void {
    this.items = this.items.filter((s) => s.step <= step);
  }

  clear(): void {
    this.items = [];
  }

  get oldestStep(): number | undefined {
    return this.items[0]?.step;
  }

  get size(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.items.reduce((sum, s) => sum + s.bytes, 0);
  }
}
