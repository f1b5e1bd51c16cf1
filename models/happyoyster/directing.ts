import type { InstructionAck, PendingAck, TransportStatus, WorldTransport } from '../../runtime/core/world-model.ts';
import { HappyOysterError, type OpenApiClient } from './api.ts';

export type TransportAction = 'pause' | 'resume' | 'rewind';

/** HappyOyster rewinds in steps of this many seconds, and only while paused */
export const REWIND_STEP = 4;

/** the running travel, or why there is none to control */
export type TravelNow = { travel: string; elapsedSec: number } | { why: string };

/**
 * Pause, resume and rewind of a travel, as HappyOyster allows them: only a Directing travel, rewinds in 4 s
 * steps and only while paused. An Adventure travel has the transport too, so the console can say why not.
 */
export class DirectingControls implements WorldTransport {
  /** set from the answers and from the travel's status */
  paused = false;

  constructor(
    private readonly client: OpenApiClient,
    private readonly mode: 'adventure' | 'directing',
    private readonly now: () => TravelNow,
  ) {}

  status(): TransportStatus {
    if (this.mode !== 'directing')
      return { available: false, paused: false, reason: 'an Adventure travel does not pause: only Directing does' };
    const t = this.now();
    if ('why' in t) return { available: false, paused: false, reason: t.why };
    return {
      available: true,
      paused: this.paused,
      rewindStepSeconds: REWIND_STEP,
      rewindOnlyWhilePaused: true,
      rewindableSeconds: Math.floor(t.elapsedSec / REWIND_STEP) * REWIND_STEP,
    };
  }

  pause(): PendingAck {
    return this.request('pause', 0);
  }

  resume(): PendingAck {
    return this.request('resume', 0);
  }

  rewind(seconds: number): PendingAck {
    return this.request('rewind', seconds);
  }

  request(action: TransportAction, seconds: number): PendingAck {
    if (this.mode !== 'directing')
      return { accepted: false, effect: `${action}: only a Directing travel pauses and rewinds` };
    const t = this.now();
    if ('why' in t) return { accepted: false, effect: `${action}: ${t.why}` };
    if (action === 'pause') {
      if (this.paused) return { accepted: false, effect: 'already paused' };
      const settled = this.client.pause(t.travel).then(() => this.settle(true, 'paused'), refused);
      return { accepted: true, effect: 'pausing', settled };
    }
    if (action === 'resume') {
      if (!this.paused) return { accepted: false, effect: 'not paused' };
      const settled = this.client.resume(t.travel).then(() => this.settle(false, 'resumed'), refused);
      return { accepted: true, effect: 'resuming', settled };
    }
    if (!this.paused) return { accepted: false, effect: 'rewind works only while paused: pause first' };
    if (!Number.isFinite(seconds) || seconds <= 0)
      return { accepted: false, effect: 'rewind needs a number of seconds above 0' };
    const back = Math.max(REWIND_STEP, Math.round(seconds / REWIND_STEP) * REWIND_STEP);
    const to = Math.max(0, Math.floor(t.elapsedSec / REWIND_STEP) * REWIND_STEP - back);
    const settled = this.client
      .rewind(t.travel, to)
      .then((r) => this.settle(false, `rewound to ${r.resumedAtSec} s`), refused);
    return { accepted: true, effect: `rewinding ${back} s`, settled };
  }

  private settle(paused: boolean, effect: string): InstructionAck {
    this.paused = paused;
    return { accepted: true, effect };
  }
}

/** one retry with the same clientRequestId after a network failure (it is billed once) */
export async function withRetry(send: () => Promise<InstructionAck>): Promise<InstructionAck> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof HappyOysterError && (err.code === 'network' || err.code === 'timeout'))
      return send().catch(refused);
    return refused(err);
  }
}

export function refused(err: unknown): InstructionAck {
  const e = err as Error;
  if (e instanceof HappyOysterError && e.contentSafety) {
    return { accepted: false, effect: `refused by HappyOyster's content safety (${e.code})` };
  }
  return { accepted: false, effect: e.message };
}
