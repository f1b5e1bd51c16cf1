import { io, type Socket } from 'socket.io-client';
import type { VoteView } from '../../runtime/phones/protocol.ts';
import { until } from './wait.ts';

/** a phone as a bare Socket.IO client on `url`'s /phones, keeping the last vote it was shown; `sockets` closes it later */
export async function phoneClient(
  url: string,
  sockets: Socket[],
): Promise<{ socket: Socket; vote: () => VoteView | null }> {
  const socket = io(`${url}/phones`, { transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  let last: VoteView | null = null;
  socket.on('vote', (v: VoteView | null) => (last = v));
  await until(() => socket.connected, 'a phone connected');
  return { socket, vote: () => last };
}
