import { Gauge, type Registry } from 'prom-client';
import type { StatusReport } from './console/protocol.ts';

/**
 * The operations figures of /metrics: what each device's driver counted (OSC packets, malformed, limited,
 * scheduled, dropped, verbs refused), from the same report as /api/status.
 */
export function registerOpsMetrics(registry: Registry, status: () => StatusReport): void {
  new Gauge({
    name: 'nacre_device_events',
    help: 'what each device counted since start (OSC: packets, malformed, limited, scheduled, dropped ...)',
    labelNames: ['device', 'kind', 'counter'],
    registers: [registry],
    collect() {
      this.reset();
      for (const d of status().drivers)
        for (const [counter, n] of Object.entries(d.counters ?? {}))
          this.set({ device: d.id, kind: d.kind, counter }, n);
    },
  });
}
