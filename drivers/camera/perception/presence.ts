export interface PresenceOptions {
  /** motion energy that counts as someone there while nobody is (default 0.002) */
  motionOn?: number;
  /** lower energy that keeps counting once someone is there: hysteresis (default 0.001) */
  motionOff?: number;
  /** consecutive frames of evidence before presence starts: one-frame glitches are ignored (default 2) */
  enterFrames?: number;
  /** frames presence is held after the last evidence: a visitor standing still stays present (default 45) */
  holdFrames?: number;
}

export const PRESENCE_DEFAULTS: Required<PresenceOptions> = {
  motionOn: 0.002,
  motionOff: 0.001,
  enterFrames: 2,
  holdFrames: 45,
};

/**
 * Presence from per-frame evidence (a face, or motion above a threshold), debounced on entry and held on exit.
 * Counted in frames, never wall time, so the same footage always gives the same answer.
 */
export class PresenceGate {
  private readonly o: Required<PresenceOptions>;
  private present = false;
  private streak = 0;
  private sinceEvidence = Infinity;

  constructor(opts: PresenceOptions = {}) {
    this.o = { ...PRESENCE_DEFAULTS, ...opts };
    if (this.o.motionOff > this.o.motionOn) throw new RangeError('presence: motionOff must not exceed motionOn');
    if (this.o.enterFrames < 1 || this.o.holdFrames < 0)
      throw new RangeError('presence: enterFrames >= 1 and holdFrames >= 0');
  }

  get value(): boolean {
    return this.present;
  }

  update(faces: number, motionEnergy: number): boolean {
    const evidence = faces > 0 || motionEnergy >= (this.present ? this.o.motionOff : this.o.motionOn);
    this.streak = evidence ? this.streak + 1 : 0;
    this.sinceEvidence = evidence ? 0 : this.sinceEvidence + 1;
    if (!this.present && this.streak >= this.o.enterFrames) this.present = true;
    else if (this.present && this.sinceEvidence > this.o.holdFrames) this.present = false;
    return this.present;
  }

  reset(): void {
    this.present = false;
    this.streak = 0;
    this.sinceEvidence = Infinity;
  }
}
