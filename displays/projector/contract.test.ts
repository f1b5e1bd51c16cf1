/** The Output contract for the projector output, with a real display page's socket (socket.io over HTTP) that draws each frame it is sent. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectPage } from 'socket.io-client';
import type { DisplayToPage, PageToDisplay } from '../../runtime/core/display-protocol.ts';
import { outputContract, untilState } from '../output.contract.ts';
import { displaySchema, ProjectorOutput } from './output.ts';

outputContract('projector', async (log) => {
  const output = new ProjectorOutput(displaySchema.parse({ id: 'wall' }), log);
  const http = createServer();
  const server = new Server<PageToDisplay, DisplayToPage>(http);
  server.on('connection', (socket) => output.attach(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const page = connectPage(`http://127.0.0.1:${port}`, { autoConnect: false, transports: ['websocket'] });
  // the page draws a frame in a few ms, then acknowledges it: until then the output drops what comes
  page.on('frame', (_meta: unknown, _rgba: unknown, ack: () => void) => void setTimeout(ack, 5));
  let step = 0;
  return {
    output,
    connect: async () => {
      page.connect();
      await untilState(output, 'open');
    },
    present: () =>
      output.presentFrame({
        width: 64,
        height: 36,
        data: new Uint8Array(64 * 36 * 4),
        step: step++,
        at: performance.now(),
      }),
    cleanup: async () => {
      page.disconnect();
      await server.close();
    },
  };
});
