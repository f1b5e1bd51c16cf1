import type { Namespace, Socket } from 'socket.io';
import type { Operations } from '../operations/operations.ts';
import type { ConsoleToServer, ServerToConsole } from './protocol.ts';

type ConsoleNamespace = Namespace<ConsoleToServer, ServerToConsole>;

/** Every console hears each new metrics sample and log line (every role watches); returns the unsubscribe. */
export function broadcastOperations(nsp: ConsoleNamespace, ops: Operations): () => void {
  const offMetrics = ops.metrics.added.on((s) => nsp.sockets.size && nsp.emit('metrics', s));
  const offLogs = ops.logs.added.on((line) => nsp.sockets.size && nsp.emit('log', line));
  return () => {
    offMetrics();
    offLogs();
  };
}

/** a console that just logged in: the history so far, then the increments */
export function greetOperations(socket: Socket<ConsoleToServer, ServerToConsole>, ops: Operations): void {
  socket.emit('metrics:history', ops.metrics.samples());
  socket.emit('log:history', ops.logs.lines());
}
