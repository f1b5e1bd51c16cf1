import type { Express } from 'express';
import type { Server, Socket } from 'socket.io';
import { may } from '../accounts/roles.ts';
import { sessionOf } from '../console/access.ts';
import type { VisitBook } from './book.ts';
import type { ContinueDesk } from './continue.ts';
import { visitRoutes } from './routes.ts';

type OperatorAck = { ok: true } | { ok: false; error: string };

/** the visit pages on the HTTP app, and the console's "continue this world" */
export function attachVisits(app: Express, io: Server, book: VisitBook, desk: ContinueDesk, joinUrl?: string): void {
  app.use(visitRoutes(book, joinUrl));
  io.of('/console').on('connection', (socket: Socket) => {
    socket.on('visits:continue', (code: unknown, ack: unknown) => {
      // a viewer watches; carrying a world on starts a visit: operators and admins only
      const { role } = sessionOf(socket);
      const refused = may(role, 'operate') ? undefined : Promise.resolve(`a ${role} may not continue a world`);
      void (refused ?? desk.operator(code)).then((error) => {
        const a: OperatorAck = error === undefined ? { ok: true } : { ok: false, error };
        if (typeof ack === 'function') (ack as (a: OperatorAck) => void)(a);
      });
    });
  });
}
