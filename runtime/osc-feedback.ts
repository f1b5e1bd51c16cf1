import type { Logger } from './core/log.ts';
import type { Value } from './core/signals.ts';
import type { Supervisor } from './supervisor/supervisor.ts';

/**
 * Status to the OSC controller in osc.feedback (session state, the current prompt and style), when there
 * is one. A send that fails (the OSC port is down, the controller unreachable) is logged once per reason:
 * feedback is best effort and must never stop what caused it.
 */
export class OscFeedback {
  private readonly reported = new Set<string>();

  private device: string | undefined;

  /** feedback goes to the OSC device when its config names where (`osc.feedback`) */
  constructor(
    osc: { id: string; feedback?: unknown } | undefined,
    private readonly supervisor: Supervisor,
    private readonly log: Logger,
  ) {
    this.reconfigure(osc);
  }

  /** the osc section again (a config reload) */
  reconfigure(osc: { id: string; feedback?: unknown } | undefined): void {
    this.device = osc?.feedback ? osc.id : undefined;
  }

  readonly send = (address: string, value: Value): void => {
    if (!this.device) return;
    this.supervisor.write(this.device, address, value).catch((err: Error) => {
      if (this.reported.has(err.message)) return;
      this.reported.add(err.message);
      this.log.warn({ address, err: err.message }, 'OSC feedback not sent (logged once per reason)');
    });
  };
}
