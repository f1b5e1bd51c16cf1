import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StatusReport } from './console/protocol.ts';

/** Prometheus metrics of one runtime (its own registry: no module-level state). */
export class RuntimeMetrics {
  readonly registry = new Registry();
  readonly steps = new Counter({
    name: 'nacre_model_steps_total',
    help: 'world model steps delivered',
    registers: [this.registry],
  });
  readonly stepSeconds = new Histogram({
    name: 'nacre_model_run_seconds',
    help: 'time the model worker spent in session.run per step',
    buckets: [0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.2, 0.5],
    registers: [this.registry],
  });
  readonly restarts = new Counter({
    name: 'nacre_model_restarts_total',
    help: 'world model restarts after a crash or stall',
    registers: [this.registry],
  });
  readonly signals = new Counter({
    name: 'nacre_signals_total',
    help: 'signals received',
    labelNames: ['driver'],
    registers: [this.registry],
  });
  readonly instructions = new Counter({
    name: 'nacre_instructions_total',
    help: 'text instructions',
    labelNames: ['accepted'],
    registers: [this.registry],
  });

  constructor(status: () => StatusReport) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    new Gauge({
      name: 'nacre_model_up',
      help: '1 while the world model is running',
      registers,
      collect() {
        this.set(status().model.state === 'running' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'nacre_session_phase',
      help: '1 for the session phase now',
      labelNames: ['phase'],
      registers,
      collect() {
        this.reset();
        this.set({ phase: status().session.phase }, 1);
      },
    });
    new Gauge({
      name: 'nacre_output_frames',
      help: 'frames sent to or dropped by each output since start',
      labelNames: ['output', 'result'],
      registers,
      collect() {
        for (const o of status().outputs) {
          this.set({ output: o.id, result: 'presented' }, o.presented);
          this.set({ output: o.id, result: 'dropped' }, o.dropped);
        }
      },
    });
    new Gauge({
      name: 'nacre_display_pages',
      help: 'pages connected to each display',
      labelNames: ['display'],
      registers,
      collect() {
        for (const o of status().outputs) if (o.clients !== undefined) this.set({ display: o.id }, o.clients);
      },
    });
  }
}
