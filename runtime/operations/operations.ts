import type { Registry } from 'prom-client';
import type { Logger } from '../core/log.ts';
import type { StatusReport } from '../console/protocol.ts';
import { registerOpsMetrics } from '../ops-metrics.ts';
import { LogTail } from './log-tail.ts';
import { MetricsHistory, type MetricsSources, type StepStamp } from './metrics-history.ts';

/** The parts the operations figures are read from (the runtime's own). */
export interface OperationsParts {
  loop: {
    stats(): { stepsPerSecond: number; stepMs: number; stepP95Ms: number };
    readonly requests: StepStamp[];
    readonly pauses: { count: number; longestMs: number };
  };
  displays: {
    readonly outputs: readonly object[];
    status(): readonly { id: string; dropped: number }[];
  };
  /** the browser input and the supervised devices */
  browser: { readonly state: string };
  supervisor: { status(): readonly { state: string }[] };
}

/**
 * What the console plots and tails: the metrics of the last ten minutes, one sample a second, and the last
 * log lines. `log` is the logger the runtime's parts are given: it writes where the runtime's logger did and
 * into the tail.
 */
export class Operations {
  readonly logs: LogTail;
  readonly log: Logger;
  readonly metrics: MetricsHistory;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    log: Logger,
    private readonly parts: () => OperationsParts,
  ) {
    this.logs = new LogTail(log);
    this.log = this.logs.tee(log);
    this.metrics = new MetricsHistory(sources(parts), log);
  }

  /** the operations figures of /metrics (runtime/ops-metrics.ts) */
  register(registry: Registry, status: () => StatusReport): void {
    registerOpsMetrics(registry, status, () => this.parts().loop.pauses);
  }

  start(): void {
    this.timer ??= setInterval(() => this.metrics.sample(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

function sources(parts: () => OperationsParts): MetricsSources {
  return {
    loop: () => parts().loop.stats(),
    requested: () => parts().loop.requests,
    drawn: () =>
      parts().displays.outputs.filter(
        (o): o is { id: string; drawn: StepStamp[] } => 'drawn' in o && 'id' in o && Array.isArray(o.drawn),
      ),
    outputs: () => parts().displays.status(),
    devices: () => [parts().browser, ...parts().supervisor.status()],
  };
}
