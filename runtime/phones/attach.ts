import type { Express } from 'express';
import type { Server } from 'socket.io';
import type { PhonesHub } from './hub.ts';
import { OperatorDesk } from './operator.ts';
import { phoneRoutes } from './routes.ts';

/** the phones' pages on the HTTP app, their namespace and the operator's desk on the console's Socket.IO */
export function attachPhones(app: Express, io: Server, phones: PhonesHub): void {
  app.use(phoneRoutes(phones.config));
  phones.attach(io);
  new OperatorDesk(io, phones);
}
