import type { LoadStep } from '../core/world-model.ts';

/** Where bringing a model up stands: its loader runs (with the backend's own steps), its world opens, it runs, or it failed. */
export type LoadPhase = 'loading' | 'opening' | 'ready' | 'failed';

export interface LoadProgressView {
  phase: LoadPhase;
  /** seconds in this phase */
  elapsedSeconds: number;
  /** seconds since this load began (the first phase) */
  totalSeconds: number;
  /** 0..1, where the backend says how far it is */
  fraction?: number;
  /** the backend's step now ("server ready", ...) */
  step?: string;
  error?: string;
  /** the last phases (ms since the epoch), oldest first: this load's and those of the loads before it */
  phases: { phase: LoadPhase; at: number }[];
}

const KEEP = 12;

/** The model keeper's account of bringing a model up, for /api/status and the console's progress bar. */
export class LoadProgress {
  private phases: { phase: LoadPhase; at: number }[] = [];
  private began = Date.now();
  private backendStep: LoadStep | undefined;
  private error: string | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  to(phase: LoadPhase, error?: string): void {
    const at = this.now();
    if (phase === 'loading') {
      this.began = at;
      this.backendStep = undefined;
      this.error = undefined;
    }
    if (error !== undefined) this.error = error;
    this.phases.push({ phase, at });
    if (this.phases.length > KEEP) this.phases.shift();
  }

  /** a backend's step while it loads */
  step(s: LoadStep): void {
    this.backendStep = s;
  }

  view(): LoadProgressView | undefined {
    const last = this.phases.at(-1);
    if (!last) return undefined;
    const now = this.now();
    const s = this.backendStep;
    const fraction = last.phase === 'ready' ? 1 : s?.total ? Math.min(1, (s.done ?? 0) / s.total) : undefined;
    return {
      phase: last.phase,
      elapsedSeconds: seconds(now - last.at),
      totalSeconds: seconds(now - this.began),
      ...(fraction !== undefined ? { fraction } : {}),
      ...(s && last.phase === 'loading' ? { step: s.what } : {}),
      ...(this.error && last.phase === 'failed' ? { error: this.error } : {}),
      phases: [...this.phases],
    };
  }
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
