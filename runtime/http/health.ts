import type { Express } from 'express';
import type { StatusReport } from '../console/protocol.ts';

/** why the exhibit is not ready: the model not stepping, a display with no page open */
export function notReady(s: StatusReport): string[] {
  const why: string[] = [];
  if (s.model.state !== 'running') why.push(`model ${s.model.state}`);
  else if (!(s.model.stepsPerSecond > 0)) why.push('model not stepping');
  for (const o of s.outputs) if (o.kind === 'display' && !o.clients) why.push(`display ${o.id}: no page connected`);
  return why;
}

/**
 * For monitors and load balancers, open to anyone (they say nothing private): /healthz answers 200 while the
 * process serves HTTP (alive); /readyz 200 while the model steps and every display has a page, else 503 with
 * the reasons.
 */
export function healthRoutes(app: Express, status: () => StatusReport): void {
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res) => {
    const why = notReady(status());
    res.status(why.length ? 503 : 200).json({ ready: why.length === 0, ...(why.length && { why }) });
  });
}
