/** One Euro filter for one component (Casiez, Roussel, Vogel, CHI 2012). Times in seconds. */
export interface OneEuroParams {
  minCutoff: number;
  beta: number;
  dCutoff: number;
}

function alpha(cutoffHz: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dt);
}

export class OneEuro {
  private x: number | undefined;
  private dx = 0;
  private last = 0;

  constructor(private readonly p: OneEuroParams) {}

  next(x: number, tSec: number): number {
    if (this.x === undefined) return this.reset(x, tSec);
    const dt = tSec - this.last;
    // Two samples in the same instant carry no speed information: keep the estimate.
    if (dt <= 0) return this.x;
    const rawDx = (x - this.x) / dt;
    this.dx += alpha(this.p.dCutoff, dt) * (rawDx - this.dx);
    const cutoff = this.p.minCutoff + this.p.beta * Math.abs(this.dx);
    this.x += alpha(cutoff, dt) * (x - this.x);
    this.last = tSec;
    return this.x;
  }

  private reset(x: number, tSec: number): number {
    this.x = x;
    this.dx = 0;
    this.last = tSec;
    return x;
  }
}
