/** Sound to display pages is paced by the page's acknowledgements, with a real socket.io page. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectPage, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DisplayToPage, PageToDisplay } from '../../runtime/core/display-protocol.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { until } from '../../test/helpers/wait.ts';
import { AUDIO_WINDOW, displaySchema, ProjectorOutput } from './output.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function rig(pageAcks: boolean) {
  const output = new ProjectorOutput(displaySchema.parse({ id: 'wall' }), silentLogger());
  const http = createServer();
  const server = new Server<PageToDisplay, DisplayToPage>(http);
  server.on('connection', (socket) => output.attach(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const page: Socket = connectPage(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
  let received = 0;
  page.on('audio', (_meta: unknown, _pcm: unknown, ack: () => void) => {
    received++;
    if (pageAcks) ack();
  });
  closers.push(
    () => void page.disconnect(),
    () => server.close().then(() => undefined),
  );
  await until(() => output.clients === 1, 'the page connected');
  let step = 0;
  const chunk = () =>
    output.presentAudio({ rate: 16000, channels: 1, samples: 640, data: new Float32Array(640), step: step++ });
  return { output, chunk, received: () => received };
}

describe('sound to display pages', () => {
  it('a page that stops acknowledging gets at most AUDIO_WINDOW chunks: the rest is dropped and counted', async () => {
    const { output, chunk, received } = await rig(false);
    for (let i = 0; i < 200; i++) chunk();
    await until(() => received() === AUDIO_WINDOW, 'the window of chunks arrived');
    expect(output.stats().audioDropped).toBe(200 - AUDIO_WINDOW);
    for (let i = 0; i < 5; i++) chunk();
    expect(output.stats().audioDropped).toBe(205 - AUDIO_WINDOW);
  });

  it('a page that acknowledges gets every chunk when it keeps up', async () => {
    const { output, chunk, received } = await rig(true);
    for (let i = 0; i < 40; i++) {
      chunk();
      await until(() => received() === i + 1, `chunk ${i}`, 20_000, 2);
    }
    expect(output.stats().audioDropped).toBe(0);
  });
});
