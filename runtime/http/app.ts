import express, { type Request, type Response } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import { httpAllowed, httpCaller, loginRoute, type HttpSecurity } from '../security/http-access.ts';
import { CommandAudit } from '../accounts/command-audit.ts';
import type { AuditLog } from '../accounts/audit.ts';
import type { StatusReport } from '../console/protocol.ts';
import type { ExhibitCommands } from '../exhibit-commands.ts';
import { commandRoutes } from './commands.ts';
import { pageHeaders } from '../security/headers.ts';
import { recordingRoute } from './surface-recording.ts';
import { healthRoutes } from './health.ts';
import { CLOSED_PICTURE_PATH } from '../schedule/opening.ts';
import { sdkBundle } from '../../models/happyoyster/sdk-bundle.ts';

export interface HttpDeps {
  displays: () => string[];
  status: () => StatusReport;
  metrics: Registry;
  /** with the audit log where commands are audited */
  security: HttpSecurity & { audit?: Pick<AuditLog, 'record'> };
  commands: ExhibitCommands;
  /** served over TLS: HSTS and upgrade-insecure-requests join the security headers */
  tls?: boolean;
  /** every display's projection mapping as YAML (the console's export) */
  projectionYaml: () => string;
  /** origins of world services the display page's player talks to (a model folder's own service address) */
  serviceOrigins?: readonly string[];
  /** a page-hosted world's recording, a piece at a time (runtime/surface-recorder.ts) */
  recording?: (meta: { id: string; seq: number; last: boolean }, piece: Buffer) => boolean;
  /** what the display pages show while closed (opening hours' closedImage), where one is configured */
  closedPicture?: () => { data: Buffer; type: string } | undefined;
}

const page = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
/** uPlot's ES module and CSS, as installed (the console's plots) */
const uplotDist = dirname(createRequire(import.meta.url).resolve('uplot'));
function refuse(res: Response): void {
  res.status(401).json({
    error:
      'from this machine, or with "Authorization: Bearer <token>" (POST /api/login) or "Bearer <console password>"; commands need an operator',
  });
}

/** HappyOyster's web player for the display page, only where the kiosk has installed it (README "HappyOyster") */
function sendSdk(_req: Request, res: Response): void {
  sdkBundle().then(
    (js) =>
      js
        ? res.type('text/javascript').send(js)
        : res.status(404).type('text').send('@happy-oyster/js-sdk is not installed: npm install @happy-oyster/js-sdk'),
    (err: Error) => res.status(500).type('text').send(`@happy-oyster/js-sdk could not be bundled: ${err.message}`),
  );
}

function sendYaml(res: Response, deps: HttpDeps): void {
  res.type('application/yaml').attachment('projection.yaml').send(deps.projectionYaml());
}

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(pageHeaders(deps.tls ?? false, deps.serviceOrigins));
  healthRoutes(app, deps.status);
  app.use('/assets/display', express.static(page('../../displays/projector/page/'), { index: false }));
  app.use('/assets/console', express.static(page('../console/page/'), { index: false }));
  app.get('/vendor/happy-oyster/js-sdk.js', sendSdk);
  app.get(CLOSED_PICTURE_PATH, (_req, res) => {
    const picture = deps.closedPicture?.();
    if (!picture) return void res.status(404).type('text').send('no closed picture: schedule.closedImage is not set');
    res.type(picture.type).set('Cache-Control', 'no-cache').send(picture.data);
  });
  app.use('/vendor/uplot', express.static(uplotDist, { index: false }));

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
  if (deps.recording) app.use('/api/surface-recording', recordingRoute(deps.recording));
  apiRoutes(app, deps);
  return app;
}

/** status, metrics and commands for this machine and for logged-in roles (runtime/security/http-access.ts) */
function apiRoutes(app: express.Express, deps: HttpDeps): void {
  const trusted = (req: Request, action: 'watch' | 'operate') => httpAllowed(req, deps.security, action);
  app.use('/api/login', loginRoute(deps.security));
  app.get('/api/status', async (req, res) => ((await trusted(req, 'watch')) ? res.json(deps.status()) : refuse(res)));
  app.get('/api/projection.yaml', async (req, res) =>
    (await trusted(req, 'watch')) ? sendYaml(res, deps) : refuse(res),
  );
  app.use(
    '/api/commands',
    commandRoutes(
      deps.commands,
      (req) => httpCaller(req, deps.security, 'operate'),
      refuse,
      deps.security.audit && new CommandAudit(deps.security.audit),
    ),
  );
  app.get('/metrics', async (req, res) => {
    if (!(await trusted(req, 'watch'))) return refuse(res);
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
