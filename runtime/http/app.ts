import express, { type Request, type Response } from 'express';
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import { passwordMatches } from '../console/password.ts';
import type { StatusReport } from '../console/protocol.ts';
import type { ExhibitCommands } from '../exhibit-commands.ts';
import { commandRoutes } from './commands.ts';
import { healthRoutes } from './health.ts';
import { sdkBundle } from '../../models/happyoyster/sdk-bundle.ts';

export interface HttpDeps {
  displays: () => string[];
  status: () => StatusReport;
  metrics: Registry;
  password: string;
  commands: ExhibitCommands;
}

const page = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Loopback may read status and metrics freely; anyone else needs `Authorization: Bearer <console password>`. */
function trusted(req: Request, password: string): boolean {
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return true;
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') && passwordMatches(password, auth.slice('Bearer '.length));
}

function refuse(res: Response): void {
  res.status(401).json({
    error: 'status and metrics are readable from this machine, or with "Authorization: Bearer <console password>"',
  });
}

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  healthRoutes(app, deps.status);
  app.use('/assets/display', express.static(page('../../displays/projector/page/'), { index: false }));
  app.use('/assets/console', express.static(page('../console/page/'), { index: false }));
  // HappyOyster's web player for the display page, only where the kiosk has installed it (README "HappyOyster")
  app.get('/vendor/happy-oyster/js-sdk.js', (_req, res) => {
    sdkBundle().then(
      (js) =>
        js
          ? res.type('text/javascript').send(js)
          : res
              .status(404)
              .type('text')
              .send('@happy-oyster/js-sdk is not installed: npm install @happy-oyster/js-sdk'),
      (err: Error) => res.status(500).type('text').send(`@happy-oyster/js-sdk could not be bundled: ${err.message}`),
    );
  });

  app.get('/', (_req, res) => {
    const links = deps
      .displays()
      .map((id) => `<li><a href="/display/${encodeURIComponent(id)}">display ${id}</a></li>`);
    res
      .type('html')
      .send(
        `<!doctype html><title>Nacre</title><h1>Nacre</h1><ul>${links.join('')}<li><a href="/console">operator console</a></li></ul>`,
      );
  });
  app.get('/display/:id', (req, res) => {
    if (!deps.displays().includes(req.params.id)) {
      res
        .status(404)
        .type('text')
        .send(`no display "${req.params.id}" in the configuration; displays: ${deps.displays().join(', ')}`);
      return;
    }
    res.sendFile(page('../../displays/projector/page/display.html'));
  });
  app.get('/console', (_req, res) => res.sendFile(page('../console/page/console.html')));
  app.get('/api/status', (req, res) => (trusted(req, deps.password) ? res.json(deps.status()) : refuse(res)));
  app.use(
    '/api/commands',
    commandRoutes(deps.commands, (req) => trusted(req, deps.password), refuse),
  );
  app.get('/metrics', async (req, res) => {
    if (!trusted(req, deps.password)) return refuse(res);
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  return app;
}
