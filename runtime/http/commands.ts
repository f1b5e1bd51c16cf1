import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { InstructionAck, PendingAck } from '../core/world-model.ts';
import type { ExhibitCommands, TransportAction } from '../exhibit-commands.ts';
import { speakerChange } from '../speaker-commands.ts';
import type { CommandAudit } from '../accounts/command-audit.ts';
import type { HttpCaller } from '../security/http-access.ts';

type Body = Record<string, unknown>;

/** One route per exhibit command: what the console and OSC can do, a show controller can do with curl. */
const ROUTES: Record<string, (c: ExhibitCommands, body: Body) => unknown> = {
  start: (c) => c.start(),
  reset: (c) => c.reset(),
  blackout: (c, b) => {
    if (typeof b.on !== 'boolean') throw new BadRequest('blackout needs {"on": true|false}');
    c.blackout(b.on);
  },
  instruct: (c, b) => {
    const text = typeof b.text === 'string' ? b.text.trim() : '';
    if (!text || text.length > 500) throw new BadRequest('instruct needs {"text": "..."}: 1 to 500 characters');
    return c.instruct(text);
  },
  snapshot: (c, b) => c.snapshot(typeof b.camera === 'string' && b.camera ? b.camera : undefined),
  pause: (c) => transport(c, 'pause'),
  resume: (c) => transport(c, 'resume'),
  rewind: (c, b) => {
    if (typeof b.seconds !== 'number' || !(b.seconds > 0) || b.seconds > 3600)
      throw new BadRequest('rewind needs {"seconds": n}, 0 < n <= 3600');
    return transport(c, 'rewind', b.seconds);
  },
  bookmark: (c, b) => settle(c.bookmark(named(b, 'bookmark'))),
  recall: (c, b) => settle(c.recall(named(b, 'recall'))),
  /** {"id": "hall", "level": -6} | {"id", "mute": true, "channel"?: 2} | {"id", "tone": 3, "seconds"?: 3}: the speaker now */
  speaker: (c, b) => c.speaker(typeof b.id === 'string' ? b.id : '', speakerChange(b)),
};

function named(b: Body, command: string): string {
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (!name) throw new BadRequest(`${command} needs {"name": "..."}`);
  return name;
}

/** the world's answer when it gives one (HappyOyster), else the immediate one; a refusal is a 409 */
async function transport(c: ExhibitCommands, action: TransportAction, seconds?: number): Promise<InstructionAck> {
  return settle(c.transport(action, seconds));
}

async function settle(now: PendingAck): Promise<InstructionAck> {
  const ack = now.accepted && now.settled ? await now.settled : { accepted: now.accepted, effect: now.effect };
  if (!ack.accepted) throw new Error(ack.effect);
  return ack;
}

class BadRequest extends Error {}

/** what the audit says of a command's body: the text, the on/off, the seconds, the name or camera */
function detailOf(body: Body): string | undefined {
  const parts = ['text', 'on', 'seconds', 'name', 'camera']
    .filter((k) => ['string', 'number', 'boolean'].includes(typeof body[k]))
    .map((k) => `${k}: ${String(body[k]).slice(0, 200)}`);
  return parts.length ? parts.join(', ') : undefined;
}

/**
 * POST /api/commands/<name> with a JSON body; answers {ok: true, result?} or {ok: false, error}. Every command
 * that runs (or that the world refuses) is audited with its caller; a malformed one does nothing and is not.
 */
export function commandRoutes(
  commands: ExhibitCommands,
  caller: (req: Request) => Promise<HttpCaller | undefined>,
  refuse: (res: Response) => void,
  audit?: CommandAudit,
): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));
  router.post('/:name', async (req, res) => {
    const who = await caller(req);
    if (!who) return refuse(res);
    const route = ROUTES[String(req.params.name)];
    if (!route) {
      res
        .status(404)
        .json({ ok: false, error: `no command "${req.params.name}"; commands: ${Object.keys(ROUTES).join(', ')}` });
      return;
    }
    const body: Body = req.body !== null && typeof req.body === 'object' ? (req.body as Body) : {};
    const record = (refused?: string) => {
      const detail = [detailOf(body), refused && `refused: ${refused}`].filter(Boolean).join('; ');
      const address = req.socket.remoteAddress;
      audit?.record({
        ...who,
        via: 'http',
        action: String(req.params.name),
        ...(address && { address }),
        ...(detail && { detail }),
      });
    };
    try {
      const result: unknown = await route(commands, body);
      record();
      res.json({ ok: true, ...(result !== undefined ? { result } : {}) });
    } catch (err) {
      // a RangeError: a speaker, channel or value that is not there
      const bad = err instanceof BadRequest || err instanceof RangeError;
      if (!bad) record((err as Error).message);
      res.status(bad ? 400 : 409).json({ ok: false, error: (err as Error).message });
    }
  });
  // a body that is not JSON (or too big) gets the same JSON answer as any other refusal
  router.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(400).json({ ok: false, error: `the body must be a JSON object: ${err.message}` });
  });
  return router;
}
