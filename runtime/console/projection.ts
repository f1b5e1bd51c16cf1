import type { Namespace, Socket } from 'socket.io';
import { may } from '../accounts/roles.ts';
import type { Projection } from '../projection.ts';
import { refusal, sessionOf } from './access.ts';
import type { Ack, ConsoleToServer, ServerToConsole } from './protocol.ts';

const reply = (ack: unknown): Ack => (typeof ack === 'function' ? (ack as Ack) : () => undefined);

/**
 * The console's projection panel: set a display's mapping, show a test pattern, go back to the config's mapping.
 * Admins only; anyone else's events are answered with the refusal and change nothing.
 */
export function projectionHandlers(socket: Socket<ConsoleToServer, ServerToConsole>, projection: Projection): void {
  const { role } = sessionOf(socket);
  if (!may(role, 'administer')) {
    const refused = (ack: unknown) => reply(ack)(refusal(role, 'set up the projection'));
    socket.on('projection:set', (_id, _mapping, ack) => refused(ack));
    socket.on('projection:pattern', (_id, _pattern, ack) => refused(ack));
    socket.on('projection:reset', (_id, ack) => refused(ack));
    return;
  }
  socket.emit('projection', projection.views());
  socket.on('projection:set', (id, mapping, ack) => reply(ack)(projection.set(String(id), mapping)));
  socket.on('projection:pattern', (id, pattern, ack) => reply(ack)(projection.pattern(String(id), pattern)));
  socket.on('projection:reset', (id, ack) => {
    projection.reset(String(id)).then(reply(ack), (err: Error) => reply(ack)({ ok: false, error: err.message }));
  });
}

/** every console hears every change, a tenth of a second apart at most (a drag sends many) */
export function broadcastProjection(
  nsp: Namespace<ConsoleToServer, ServerToConsole>,
  projection: Projection,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  return projection.onChange(() => {
    timer ??= setTimeout(() => {
      timer = undefined;
      nsp.emit('projection', projection.views());
    }, 100);
  });
}
