import type { StatusReport } from './console/protocol.ts';
import type { Runtime } from './runtime.ts';

/** /api/status and the console's status: drivers, session, conditions, model, outputs. */
export function buildStatus(r: Runtime): StatusReport {
  const now = performance.now();
  const view = r.session.view(now);
  const s = r.session.now;
  const stats = r.loop.stats(now);
  const manifest = r.keeper.manifest;
  return {
    drivers: [
      { id: r.browser.id, kind: r.browser.kind, state: r.browser.state, detail: `${r.browser.sources} page(s) sending input` },
      ...r.supervisor.status().map((d) => ({
        id: d.id,
        kind: d.kind,
        state: d.state,
        detail: [d.device?.label ?? d.device?.path, d.error, d.retryInMs !== undefined ? `retry in ${Math.round(d.retryInMs / 100) / 10} s` : undefined, `${d.signals} signals`]
          .filter(Boolean)
          .join(', '),
      })),
    ],
    session: {
      mode: s.mode,
      phase: s.phase,
      since: Math.round((now - s.since) / 100) / 10,
      overlay: view.overlay,
      ...(view.remainingSeconds !== undefined ? { remainingSeconds: view.remainingSeconds } : {}),
      ...(s.degraded ? { degraded: true } : {}),
    },
    conditions: r.session.lastConditions ?? r.store.snapshot(),
    model: {
      name: manifest?.name ?? r.config.model.path,
      state: r.keeper.state,
      stepsPerSecond: stats.stepsPerSecond,
      stepMs: stats.stepMs,
      runMs: stats.runMs,
      steps: stats.steps,
      restarts: r.keeper.restarts,
      ...(r.keeper.session?.style ? { style: r.keeper.session.style } : {}),
      ...(r.keeper.lastError ? { lastError: r.keeper.lastError } : {}),
    },
    outputs: r.outputs.map((o) => ({
      id: o.id,
      kind: o.kind,
      state: o.state,
      ...('clients' in o ? { clients: (o as { clients: number }).clients } : {}),
      ...o.stats(),
    })),
    blackout: r.blackout,
    cameras: r.cameras.ids,
  };
}
