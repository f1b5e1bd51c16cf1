import { HappyOysterError, type OpenApiClient } from './api.ts';

/** status polls that fail in a row before the network counts as gone */
const LOST_AFTER = 3;

export interface TravelPollEvents {
  /** the service's count of the travel's seconds so far */
  elapsed(sec: number): void;
  paused(): void;
  completed(): void;
  /** the travel failed, is gone (404), its ticket expired, or the service stopped answering */
  failed(err: HappyOysterError): void;
}

/** Reads a running travel's status every `everyMs` (GET /travels/status) and says what changed. */
export class TravelPoll {
  private timer: NodeJS.Timeout | undefined;
  private lostPolls = 0;

  constructor(
    private readonly client: OpenApiClient,
    private readonly everyMs: number,
    private readonly on: TravelPollEvents,
  ) {}

  start(travel: string, stream: () => string | undefined): void {
    this.stop();
    this.timer = setInterval(() => void this.once(travel, stream()), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async once(travel: string, stream: string | undefined): Promise<void> {
    try {
      const st = await this.client.travelStatus(travel, stream);
      if (!this.timer) return;
      this.lostPolls = 0;
      if (typeof st.elapsedSec === 'number') this.on.elapsed(st.elapsedSec);
      if (st.status === 'paused') this.on.paused();
      if (st.status === 'failed')
        this.on.failed(new HappyOysterError('GET /travels/status', 'http', 'the service says the travel failed'));
      else if (st.status === 'completed') this.on.completed();
    } catch (err) {
      if (!this.timer) return;
      const e = err as HappyOysterError;
      if (e.code === 404000 || e.ticketExpired) return this.on.failed(e);
      if (++this.lostPolls >= LOST_AFTER)
        this.on.failed(
          new HappyOysterError(
            'GET /travels/status',
            'network',
            `${LOST_AFTER} status polls failed in a row: ${e.message}`,
          ),
        );
    }
  }
}
