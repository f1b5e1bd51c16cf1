import type { PendingAck, TransportStatus, WorldTransport } from '../../runtime/core/world-model.ts';
import type { ScopeTransport } from './transport.ts';

export const NO_REWIND = 'Scope keeps no history of its world: it pauses and resumes, it cannot rewind';

/**
 * Pause and resume of a Scope world through Scope's `paused` parameter: Scope stops generating and its
 * picture holds (over WebRTC its track repeats the last frame; headless, the newest frame stays). The world
 * goes on from where it stopped; there is nothing to rewind to.
 */
export class ScopePause implements WorldTransport {
  private paused = false;

  constructor(
    private readonly transport: ScopeTransport,
    /** why the world cannot be paused now (its session closed), else undefined */
    private readonly closedWhy: () => string | undefined,
  ) {}

  status(): TransportStatus {
    const why = this.closedWhy();
    if (why) return { available: false, paused: false, reason: why };
    return { available: true, paused: this.paused, noRewind: NO_REWIND };
  }

  pause(): PendingAck {
    return this.hold(true);
  }

  resume(): PendingAck {
    return this.hold(false);
  }

  rewind(): PendingAck {
    return { accepted: false, effect: NO_REWIND };
  }

  private hold(paused: boolean): PendingAck {
    const why = this.closedWhy();
    if (why) return { accepted: false, effect: why };
    if (paused === this.paused) return { accepted: false, effect: paused ? 'already paused' : 'not paused' };
    this.paused = paused;
    this.transport.hold(paused);
    return {
      accepted: true,
      effect: paused ? 'paused: Scope stops generating, the picture holds' : 'resumed: Scope generates again',
    };
  }
}
