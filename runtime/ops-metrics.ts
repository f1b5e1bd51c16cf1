import { Gauge, type Registry } from 'prom-client';
import type { StatusReport } from './console/protocol.ts';

/**
 * The operations figures of /metrics: what each device's driver counted (OSC packets, malformed, limited,
 * scheduled, dropped, verbs refused), from the same report as /api/status.
 */
export function registerOpsMetrics(
  registry: Registry,
  status: () => StatusReport,
  pauses: () => { count: number; longestMs: number },
): void {
  new Gauge({
    name: 'nacre_main_thread_pauses',
    help: 'main-thread pauses (over 250 ms) the stall watchdog saw and did not hold against the model',
    registers: [registry],
    collect() {
      this.set(pauses().count);
    },
  });
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
  new Gauge({
    name: 'nacre_output_audio_dropped',
    help: 'audio chunks an output dropped since start (a page that does not acknowledge its sound)',
    labelNames: ['output'],
    registers: [registry],
    collect() {
      for (const o of status().outputs) if (o.audioDropped !== undefined) this.set({ output: o.id }, o.audioDropped);
    },
  });
}
