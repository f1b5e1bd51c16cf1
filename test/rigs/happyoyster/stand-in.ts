/**
 * A HappyOyster Open API stand-in on loopback: every endpoint models/happyoyster uses, with the documented
 * envelope {code, data, message} (HTTP 200; gateway auth failures without it), world build delays, tickets
 * that expire and are single use, travel states (running, paused, completed), 403004 content safety, 403008
 * capacity and 409000 state conflicts. Model Studio's /api/v1/tokens mints st- keys. Faults are switched
 * from the test through `faults`. It follows the published pages; it is not the service.
 */
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { err, id, ok, travelRoutes } from './stand-in-travels.ts';
import type { StandInFaults, StandInTravel, StandInWorld } from './stand-in-types.ts';

export type { StandInFaults, StandInTravel, StandInWorld } from './stand-in-types.ts';

export interface HappyOysterStandIn {
  url: string;
  key: string;
  faults: StandInFaults;
  worlds: Map<string, StandInWorld>;
  tickets: Map<string, { worldId: string; mode: string; expiresAt: number; used: boolean }>;
  travels: Map<string, StandInTravel>;
  /** every request, "METHOD /path" */
  calls: string[];
  /** a pre-built, ready world of `mode` (a library entry) */
  addWorld(mode: 'adventure' | 'directing'): string;
  /** makes a ticket expire now */
  expire(ticket: string): void;
  close(): Promise<void>;
}

export async function startStandIn(key = `sk-${randomBytes(6).toString('hex')}`): Promise<HappyOysterStandIn> {
  const faults: StandInFaults = {
    capacity: false,
    unsafeWords: ['forbidden'],
    buildMs: 200,
    buildFails: false,
    ticketTtlSec: 1800,
    travelsGone: false,
  };
  const worlds = new Map<string, StandInWorld>();
  const tickets = new Map<string, { worldId: string; mode: string; expiresAt: number; used: boolean }>();
  const travels = new Map<string, StandInTravel>();
  const tokens = new Map<string, number>();
  const calls: string[] = [];
  const unsafe = (text: string) => faults.unsafeWords.some((w) => text.toLowerCase().includes(w));

  const app = express();
  app.use(express.json({ limit: '4mb' }));
  // the display page's player calls the service from the page's own origin (the real service answers CORS)
  app.use((req, res, next) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type');
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  });
  app.use((req, _res, next) => {
    calls.push(`${req.method} ${req.path}`);
    next();
  });

  /** the bearer: 'primary', 'temporary', or the gateway's 401 (no envelope) */
  const auth = (req: Request, res: Response): 'primary' | 'temporary' | undefined => {
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (bearer === key) return 'primary';
    const until = tokens.get(bearer);
    if (until !== undefined && until > Date.now()) return 'temporary';
    res.status(401).json({ code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
    return undefined;
  };

  app.post('/api/v1/tokens', (req, res) => {
    if (auth(req, res) !== 'primary')
      return void (
        res.headersSent || res.status(401).json({ code: 'InvalidApiKey', message: 'a primary key mints tokens' })
      );
    const ttl = Number(req.query.expire_in_seconds ?? 60);
    if (!(ttl >= 1 && ttl <= 1800))
      return void res.status(400).json({ code: 'InvalidParameter', message: 'expire_in_seconds is 1..1800' });
    const token = id('st-');
    tokens.set(token, Date.now() + ttl * 1000);
    res.json({ token, expires_at: Math.floor(Date.now() / 1000) + ttl });
  });

  const api = express.Router({ mergeParams: true });
  const modeOf = (req: Request) => /^happyoyster-1\.0-(adventure|directing)$/.exec(String(req.params.app))?.[1];
  api.use((req, res, next) => {
    if (!modeOf(req))
      return void res.status(404).json({ code: 'NotFound', message: `no app ${String(req.params.app)}` });
    next();
  });
  /** a world of this mode, owned here; 403001 otherwise */
  const world = (req: Request, res: Response, wid: unknown): StandInWorld | undefined => {
    const w = typeof wid === 'string' ? worlds.get(wid) : undefined;
    if (!w || w.mode !== modeOf(req)) return void err(res, 403001, 'world not found, not owned, or of another model');
    if (w.status === 'generating' && Date.now() >= w.readyAt) w.status = faults.buildFails ? 'failed' : 'ready';
    return w;
  };
  const travel = (req: Request, res: Response, tid: unknown): StandInTravel | undefined => {
    const t = typeof tid === 'string' ? travels.get(tid) : undefined;
    if (!t || t.mode !== modeOf(req) || faults.travelsGone) return void err(res, 404000, 'travel not found');
    if (t.status === 'running' && Date.now() - t.startedAt > t.budgetSec * 1000) t.status = 'completed';
    return t;
  };

  api.post('/worlds', (req, res) => {
    const who = auth(req, res);
    if (who === undefined) return;
    if (who === 'temporary') return void err(res, 403003, 'primary API key required');
    const body = req.body as { prompt?: unknown };
    if (typeof body.prompt !== 'string' || !body.prompt.trim() || body.prompt.length > 2000)
      return void err(res, 400000, 'prompt: 1..2000 characters');
    if (unsafe(body.prompt)) return void err(res, 403004, 'content safety');
    const w: StandInWorld = {
      id: id('enc_'),
      mode: modeOf(req)!,
      status: 'generating',
      readyAt: Date.now() + faults.buildMs,
      prompt: body.prompt,
      firstFrame: 'https://stand-in.invalid/first-frame.jpg',
    };
    worlds.set(w.id, w);
    ok(res, { encryptedWorldId: w.id });
  });

  api.get('/worlds/build-status', (req, res) => {
    if (auth(req, res) === undefined) return;
    const w = world(req, res, req.query.encryptedWorldId);
    if (w)
      ok(res, { encryptedWorldId: w.id, status: w.status, firstFrame: w.status === 'ready' ? w.firstFrame : null });
  });

  api.post('/worlds/get-travel-credential', (req, res) => {
    const who = auth(req, res);
    if (who === undefined) return;
    if (who === 'temporary') return void err(res, 403003, 'primary API key required');
    const w = world(req, res, (req.body as { encryptedWorldId?: unknown }).encryptedWorldId);
    if (!w) return;
    if (w.status !== 'ready') return void err(res, 403002, 'world not ready');
    if (faults.capacity) return void err(res, 403008, 'capacity unavailable, retry later');
    const ticket = id('tk_');
    tickets.set(ticket, {
      worldId: w.id,
      mode: w.mode,
      expiresAt: Date.now() + faults.ticketTtlSec * 1000,
      used: false,
    });
    ok(res, { ticket, expiresIn: faults.ticketTtlSec, encryptedWorldId: w.id });
  });

  travelRoutes(api, { faults, tickets, travels, auth, modeOf, travel, unsafe });

  api.get('/sdk/feature-gate', (req, res) => {
    if (auth(req, res) !== undefined) ok(res, { enabled: true });
  });

  app.use('/api/v2/apps/:app/openapi/v1', api);
  // test-only: where the SDK stand-in reports the held commands it would send over RTC
  app.post('/standin/travels/:id/command', (req, res) => {
    const t = travels.get(String(req.params.id));
    if (!t || t.status !== 'running') return void res.status(409).end();
    t.commands.push(req.body as StandInTravel['commands'][number]);
    res.status(204).end();
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    faults,
    worlds,
    tickets,
    travels,
    calls,
    addWorld(mode) {
      const w: StandInWorld = {
        id: id('enc_'),
        mode,
        status: 'ready',
        readyAt: 0,
        prompt: '(library)',
        firstFrame: 'https://stand-in.invalid/library.jpg',
      };
      worlds.set(w.id, w);
      return w.id;
    },
    expire(ticket) {
      const t = tickets.get(ticket);
      if (t) t.expiresAt = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
