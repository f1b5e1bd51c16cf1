import type { InstructionAck } from '../../runtime/core/world-model.ts';
import { HappyOysterError, type OpenApiClient } from './api.ts';

/** an acknowledgement now, and HappyOyster's own answer when it comes */
export type PendingAck = InstructionAck & { settled?: Promise<InstructionAck> };

export type TransportAction = 'pause' | 'resume' | 'rewind';

/** HappyOyster rewinds in steps of this many seconds, and only while paused */
export const REWIND_STEP = 4;

/** Pause, resume and rewind of a Directing travel, as HappyOyster allows them. */
export class DirectingControls {
  /** set from the answers and from the travel's status */
  paused = false;

  constructor(private readonly client: OpenApiClient) {}

  request(action: TransportAction, travel: string, elapsedSec: number, seconds: number): PendingAck {
    if (action === 'pause') {
      if (this.paused) return { accepted: false, effect: 'already paused' };
      const settled = this.client.pause(travel).then(() => this.settle(true, 'paused'), refused);
      return { accepted: true, effect: 'pausing', settled };
    }
    if (action === 'resume') {
      if (!this.paused) return { accepted: false, effect: 'not paused' };
      const settled = this.client.resume(travel).then(() => this.settle(false, 'resumed'), refused);
      return { accepted: true, effect: 'resuming', settled };
    }
    if (!this.paused) return { accepted: false, effect: 'rewind works only while paused: pause first' };
    const back = Math.max(REWIND_STEP, Math.round(seconds / REWIND_STEP) * REWIND_STEP);
    const to = Math.max(0, Math.floor(elapsedSec / REWIND_STEP) * REWIND_STEP - back);
    const settled = this.client
      .rewind(travel, to)
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
