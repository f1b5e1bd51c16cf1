/** The stand-in's travel endpoints: enter, status, instruct, pause, resume, rewind, end (see stand-in.ts). */
import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { StandInFaults, StandInTravel } from './stand-in-types.ts';

export const id = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;
export const ok = (res: Response, data: unknown) => res.json({ code: 0, message: null, data });
export const err = (res: Response, code: number, message: string) => res.json({ code, message, data: null });

export interface TravelContext {
  faults: StandInFaults;
  tickets: Map<string, { worldId: string; mode: string; expiresAt: number; used: boolean }>;
  travels: Map<string, StandInTravel>;
  /** the bearer's kind, or undefined once the gateway's 401 went out */
  auth(req: Request, res: Response): 'primary' | 'temporary' | undefined;
  modeOf(req: Request): string | undefined;
  /** the travel of this mode, or undefined once 404000 went out */
  travel(req: Request, res: Response, tid: unknown): StandInTravel | undefined;
  unsafe(text: string): boolean;
}

export function travelRoutes(api: Router, c: TravelContext): void {
  const { faults, tickets, travels, auth, modeOf, travel, unsafe } = c;
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
}
