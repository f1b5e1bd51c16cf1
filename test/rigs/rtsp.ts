/**
 * Test rig: a minimal RTSP camera. ffmpeg encodes real footage to H.264 and sends it as RTP over UDP to this
 * rig, which answers an RTSP client (OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN) and relays the RTP packets
 * interleaved in the RTSP connection (RTP over TCP, as most cameras are read). UDP transport is refused.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RtspCamera {
  url: string;
  /** the camera hangs: connections stay open, nothing more is sent */
  freeze(): void;
  close(): Promise<void>;
}

// x264 repeats SPS and PPS at every keyframe (no global header), so no sprop-parameter-sets are needed
const sdp = [
  'v=0',
  'o=- 0 0 IN IP4 127.0.0.1',
  's=nacre rig',
  'c=IN IP4 0.0.0.0',
  't=0 0',
  'm=video 0 RTP/AVP 96',
  'a=rtpmap:96 H264/90000',
  'a=fmtp:96 packetization-mode=1',
  'a=control:track0',
  '',
].join('\r\n');

export async function rtspCamera(video: string): Promise<RtspCamera> {
  const udp = createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  const udpPort = udp.address().port;
  const encoder = spawn(
    'ffmpeg',
    [
      '-loglevel',
      'error',
      '-nostdin',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      video,
      '-an',
      '-vf',
      'scale=384:-2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-g',
      '10',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${udpPort}?pkt_size=1200`,
    ],
    { stdio: 'ignore' },
  );
  const playing = new Set<Socket>();
  let frozen = false;
  udp.on('message', (packet) => {
    if (frozen) return;
    const header = Buffer.from([0x24, 0, packet.length >> 8, packet.length & 0xff]);
    for (const s of playing) s.write(Buffer.concat([header, packet]));
  });
  const server = createServer((socket) => serve(socket, playing));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  return {
    url: `rtsp://127.0.0.1:${port}/stream`,
    freeze: () => void (frozen = true),
    close: async () => {
      encoder.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      udp.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function serve(socket: Socket, playing: Set<Socket>): void {
  let pending = '';
  socket.on('error', () => undefined);
  socket.on('close', () => playing.delete(socket));
  socket.on('data', (chunk) => {
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
      const request = pending.slice(0, end);
      pending = pending.slice(end + 4);
      answer(socket, request, playing);
    }
  });
}

function answer(socket: Socket, request: string, playing: Set<Socket>): void {
  const [line = '', ...headers] = request.split('\r\n');
  const [method = '', url = ''] = line.split(' ');
  const header = (name: string) =>
    headers
      .find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim();
  const reply = (status: string, extra: string[] = [], body = '') => {
    const head = [`RTSP/1.0 ${status}`, `CSeq: ${header('CSeq') ?? '0'}`, 'Session: 4711;timeout=60', ...extra];
    if (body) head.push('Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(body)}`);
    socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  };
  switch (method) {
    case 'OPTIONS':
      return reply('200 OK', ['Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER']);
    case 'DESCRIBE':
      return reply('200 OK', [`Content-Base: ${url}/`], sdp);
    case 'SETUP': {
      const transport = header('Transport') ?? '';
      if (!transport.includes('RTP/AVP/TCP')) return reply('461 Unsupported Transport');
      return reply('200 OK', ['Transport: RTP/AVP/TCP;unicast;interleaved=0-1']);
    }
    case 'PLAY':
      reply('200 OK', ['Range: npt=0.000-']);
      playing.add(socket);
      return;
    case 'TEARDOWN':
      reply('200 OK');
      return void socket.end();
    default:
      return reply('200 OK');
  }
}
