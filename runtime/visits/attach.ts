import type { Express } from 'express';
import type { Server, Socket } from 'socket.io';
import type { ModelSession } from '../core/world-model.ts';
import type { AudioFormat } from './recorder.ts';
import { join } from 'node:path';
import type { NacreConfig } from '../../config/schema.ts';
import type { Logger } from '../core/log.ts';
import { VisitBook } from './book.ts';
import { visitRoutes } from './routes.ts';
import { may } from '../accounts/roles.ts';
import { sessionOf } from '../console/access.ts';

export interface Kiosk {
  /** the running world */
  session(): ModelSession | undefined;
  phase(): string;
  startVisit(): void;
}

type ContinueAck = { ok: true } | { ok: false; error: string };

/** a continue code typed at the kiosk (the console): the saved world is restored and a visit begins in it */
export async function continueWorld(book: VisitBook, kiosk: Kiosk, code: unknown): Promise<string | undefined> {
  if (typeof code !== 'string' || code.length > 32) return 'a code is 8 letters and digits';
  const phase = kiosk.phase();
  if (phase !== 'attract' && phase !== 'active') return 'the kiosk is between visits: try again in a moment';
  const state = await book.store.stateFor(code);
  if (!state) return 'no world with this code (or it has expired)';
  const session = kiosk.session();
  if (!session) return 'the world model is restarting: try again in a moment';
  try {
    await session.restoreState(state);
  } catch (err) {
    return `this world cannot be carried on here: ${(err as Error).message}`;
  }
  kiosk.startVisit();
  return undefined;
}

/** the visit pages on the HTTP app, and the console's "continue this world" */
export function attachVisits(app: Express, io: Server, book: VisitBook, kiosk: Kiosk, joinUrl?: string): void {
  app.use(visitRoutes(book, joinUrl));
  io.of('/console').on('connection', (socket: Socket) => {
    socket.on('visits:continue', (code: unknown, ack: unknown) => {
      // a viewer watches; carrying a world on starts a visit: operators and admins only
      const { role } = sessionOf(socket);
      const refused = may(role, 'operate') ? undefined : Promise.resolve(`a ${role} may not continue a world`);
      void (refused ?? continueWorld(book, kiosk, code)).then((error) => {
        const a: ContinueAck = error === undefined ? { ok: true } : { ok: false, error };
        if (typeof ack === 'function') (ack as (a: ContinueAck) => void)(a);
      });
    });
  });
}

/** the exhibit's visit book, when config.phones.recording is enabled */
export function visitBookFor(
  config: NacreConfig,
  keeper: { session: ModelSession | undefined; manifest: { audio?: AudioFormat } | undefined },
  log: Logger,
): VisitBook | undefined {
  const rec = config.phones.recording;
  if (!rec.enabled) return undefined;
  const world = { save: async () => keeper.session?.saveState(), audio: () => keeper.manifest?.audio };
  return new VisitBook(rec, rec.dir ?? join(config.stateDir, 'visits'), world, log);
}

/** what a continue code needs of the kiosk: the running world, the phase, a visit started */
export function kioskOf(
  keeper: { session: ModelSession | undefined },
  session: { now: { phase: string }; operatorStart(): void },
): Kiosk {
  return { session: () => keeper.session, phase: () => session.now.phase, startVisit: () => session.operatorStart() };
}
