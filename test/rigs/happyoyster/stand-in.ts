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

export interface StandInFaults {
  /** get-travel-credential and enter-travel answer 403008 */
  capacity: boolean;
  /** a prompt or instruction containing one of these is refused with 403004 */
  unsafeWords: string[];
  /** how long a world takes to build */
  buildMs: number;
  /** a built world fails instead of becoming ready */
  buildFails: boolean;
  /** tickets' lifetime */
  ticketTtlSec: number;
  /** travel status answers 404000 (the travel is gone) */
  travelsGone: boolean;
}

export interface StandInWorld {
  id: string;
  mode: string;
  status: 'generating' | 'ready' | 'failed';
  readyAt: number;
  prompt: string;
  firstFrame: string;
}
export interface StandInTravel {
  id: string;
  worldId: string;
  mode: string;
  status: 'running' | 'paused' | 'completed' | 'failed';
  startedAt: number;
  budgetSec: number;
  instructions: { content: string; clientRequestId: string }[];
  rewinds: number[];
  /** held commands the test SDK stand-in (./sdk) sent, where the real SDK would use its RTC data channel */
  commands: { translation?: string; rotation?: string; interaction?: string }[];
}

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

const id = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;
const ok = (res: Response, data: unknown) => res.json({ code: 0, message: null, data });
const err = (res: Response, code: number, message: string) => res.json({ code, message, data: null });

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

  api.post('/travels/enter-travel', (req, res) => {
    if (auth(req, res) === undefined) return;
    const body = req.body as { ticket?: unknown; maxExperienceTimeSec?: unknown };
    const t = typeof body.ticket === 'string' ? tickets.get(body.ticket) : undefined;
    if (!t || t.expiresAt <= Date.now() || t.mode !== modeOf(req))
      return void err(res, 401010, 'ticket invalid or expired');
    if (t.used) return void err(res, 401011, 'ticket already used');
    const mode = modeOf(req)!;
    let budget = 180;
    if (mode === 'adventure') {
      const m = body.maxExperienceTimeSec ?? 120;
      if (m !== 60 && m !== 90 && m !== 120) return void err(res, 400000, 'maxExperienceTimeSec is 60, 90 or 120');
      budget = m;
    }
    if (faults.capacity) return void err(res, 403008, 'capacity unavailable, retry later');
    t.used = true;
    const tr: StandInTravel = {
      id: id('trvl_'),
      worldId: t.worldId,
      mode,
      status: 'running',
      startedAt: Date.now(),
      budgetSec: budget,
      instructions: [],
      rewinds: [],
      commands: [],
    };
    travels.set(tr.id, tr);
    ok(res, {
      encryptedTravelId: tr.id,
      rtcConfig: null,
      version: mode === 'adventure' ? 'wanderV2' : 'storyV2',
      maxExperienceTimeSec: mode === 'adventure' ? budget : null,
    });
  });

  api.get('/travels/status', (req, res) => {
    if (auth(req, res) === undefined) return;
    const t = travel(req, res, req.query.encryptedTravelId);
    if (t)
      ok(res, {
        encryptedTravelId: t.id,
        status: t.status,
        rtcStatus: t.status === 'running' ? 'STREAMING' : 'PAUSED',
        elapsedSec: Math.round((Date.now() - t.startedAt) / 100) / 10,
        metadata: {},
      });
  });

  api.post('/travels/instruct', (req, res) => {
    if (auth(req, res) === undefined) return;
    const body = req.body as { encryptedTravelId?: unknown; content?: unknown; clientRequestId?: unknown };
    const t = travel(req, res, body.encryptedTravelId);
    if (!t) return;
    if (t.mode !== 'directing') return void err(res, 400000, 'instruct is for Directing (simple) travels');
    if (typeof body.content !== 'string' || !body.content.trim() || body.content.length > 2000)
      return void err(res, 400000, 'content: 1..2000 characters');
    if (t.status !== 'running' && t.status !== 'paused') return void err(res, 409000, `travel is ${t.status}`);
    if (unsafe(body.content)) return void err(res, 403004, 'content safety');
    const rid = String(body.clientRequestId ?? '');
    if (!t.instructions.some((i) => rid && i.clientRequestId === rid))
      t.instructions.push({ content: body.content, clientRequestId: rid });
    ok(res, { encryptedTravelId: t.id, content: body.content, accepted: true });
  });

  const transition = (from: StandInTravel['status'], to: StandInTravel['status']) => (req: Request, res: Response) => {
    if (auth(req, res) === undefined) return;
    const t = travel(req, res, (req.body as { encryptedTravelId?: unknown }).encryptedTravelId);
    if (!t) return;
    if (t.mode !== 'directing') return void err(res, 400000, 'pause and resume are for Directing travels');
    if (t.status !== from) return void err(res, 409000, `travel is ${t.status}`);
    t.status = to;
    ok(res, { encryptedTravelId: t.id, status: t.status });
  };
  api.post('/travels/pause', transition('running', 'paused'));
  api.post('/travels/resume', transition('paused', 'running'));

  api.post('/travels/rewind', (req, res) => {
    if (auth(req, res) === undefined) return;
    const body = req.body as { encryptedTravelId?: unknown; rewindToSec?: unknown };
    const t = travel(req, res, body.encryptedTravelId);
    if (!t) return;
    if (t.status !== 'paused') return void err(res, 409000, 'rewind only while paused');
    if (typeof body.rewindToSec !== 'number' || body.rewindToSec < 0) return void err(res, 400000, 'rewindToSec >= 0');
    const at = Math.round(body.rewindToSec / 4) * 4;
    t.rewinds.push(at);
    t.status = 'running';
    ok(res, { encryptedTravelId: t.id, status: t.status, resumedAtSec: at });
  });

  api.post('/travels/end', (req, res) => {
    if (auth(req, res) === undefined) return;
    const body = req.body as { encryptedTravelId?: unknown; failCode?: unknown };
    const t = travel(req, res, body.encryptedTravelId);
    if (!t) return;
    if (t.status === 'completed' || t.status === 'failed') return void err(res, 409000, `travel is ${t.status}`);
    t.status = body.failCode === 'TRAVEL_NO_STREAM_AUTO_END' ? 'failed' : 'completed';
    ok(res, {
      encryptedTravelId: t.id,
      status: t.status,
      endedAt: new Date().toISOString(),
      durationSec: (Date.now() - t.startedAt) / 1000,
    });
  });

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
