import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import { originCheck } from '../security/origin.ts';

/**
 * The runtime's Socket.IO server (console, display pages, phones): messages up to 64 KB (a frame goes down,
 * never up), and only from the allowed origins (the same origin by default).
 */
export function socketServerFor(http: HttpServer, allowedOrigins: string[]): SocketServer {
  return new SocketServer(http, {
    maxHttpBufferSize: 64 * 1024,
    allowRequest: originCheck(allowedOrigins),
    cors: { origin: allowedOrigins },
  });
}
