/**
 * npm run bench:h264 -- the H.264 display transport's encoders side by side, through the runtime's own
 * H264Encoder (ffmpeg with the arguments a display's `h264` transport uses):
 *
 *   tsx bench/h264-encoders.ts [--encoders libx264,h264_nvenc] [--size 1280x720] [--frames 90] [--ffmpeg PATH]
 *
 * A moving test picture (ffmpeg's testsrc2) is pushed at 30 frames/s as the loop pushes the model's frames. Per
 * encoder, one JSON line: frames encoded and dropped, the time from a frame's arrival to its access unit
 * (median, p95), the bitrate, whether key frames came where the GOP says, the codec string the page's
 * VideoDecoder is given, and the picture's PSNR against what went in (decoded by ffmpeg). An encoder that
 * cannot run here (h264_nvenc without an NVIDIA GPU that has NVENC: the runtime then encodes with libx264) gives
 * a line with its error instead.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { H264Encoder, type H264Options } from '../displays/projector/transport/h264.ts';
import type { EncodedFrame } from '../displays/projector/transport/types.ts';

const FPS = 30;

function run(bin: string, args: string[], input?: Buffer): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr }));
    p.stdin.on('error', () => undefined);
    p.stdin.end(input);
  });
}

async function testPicture(ffmpeg: string, width: number, height: number, frames: number): Promise<Uint8Array[]> {
  const r = await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${FPS}`],
    ...['-frames:v', String(frames), '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'],
  ]);
  if (r.code !== 0) throw new Error(`ffmpeg could not make the test picture: ${r.stderr.trim()}`);
  const size = width * height * 4;
  return Array.from(
    { length: frames },
    (_, i) => new Uint8Array(r.stdout.buffer, r.stdout.byteOffset + i * size, size),
  );
}

/** AVCC access units (4-byte NAL lengths) and the avcC record's SPS/PPS -> an Annex B stream ffmpeg reads */
function annexB(frames: EncodedFrame[]): Buffer {
  const start = Buffer.from([0, 0, 0, 1]);
  const parts: Buffer[] = [];
  for (const f of frames) {
    if (f.key && f.description) {
      const d = f.description;
      let at = 5;
      for (const count of ['sps', 'pps'] as const) {
        const n = count === 'sps' ? d[at++]! & 0x1f : d[at++]!;
        for (let i = 0; i < n; i++) {
          const len = d.readUInt16BE(at);
          parts.push(start, d.subarray(at + 2, at + 2 + len));
          at += 2 + len;
        }
      }
    }
    for (let at = 0; at < f.data.length;) {
      const len = f.data.readUInt32BE(at);
      parts.push(start, f.data.subarray(at + 4, at + 4 + len));
      at += 4 + len;
    }
  }
  return Buffer.concat(parts);
}

async function psnr(ffmpeg: string, dir: string, encoded: EncodedFrame[], sources: Uint8Array[], size: string) {
  const stream = join(dir, 'out.h264');
  const reference = join(dir, 'in.rgba');
  await writeFile(stream, annexB(encoded));
  await writeFile(reference, Buffer.concat(sources));
  // the reference goes through the same colour conversion as the encoder's input (BT.709, limited range)
  const r = await run(ffmpeg, [
    ...[
      '-hide_banner',
      '-f',
      'h264',
      '-framerate',
      String(FPS),
      '-i',
      stream,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-s',
      size,
      '-r',
      String(FPS),
    ],
    ...['-i', reference, '-lavfi', '[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv420p[ref];[0:v][ref]psnr'],
    ...['-c:v', 'rawvideo', '-f', 'null', '-'],
  ]);
  const m = /PSNR y:([\d.]+) u:([\d.]+) v:([\d.]+) average:([\d.]+)/.exec(r.stderr);
  if (r.code !== 0 || !m) throw new Error(`ffmpeg could not compare the pictures: ${r.stderr.trim().slice(-400)}`);
  return { y: Number(m[1]), average: Number(m[4]) };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? NaN;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** a logger that keeps the encoder's warnings (with ffmpeg's reason) for the result line */
function problemLog(problems: string[]) {
  return pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        const { msg, reason } = JSON.parse(line) as { msg: string; reason?: string };
        problems.push(reason ? `${msg} (${reason})` : msg);
      },
    },
  );
}

/** the pictures pushed at the loop's pace; what was taken and what came out */
async function encodeAll(h264: H264Encoder, pictures: Uint8Array[], w: number, h: number, problems: string[]) {
  const encoded: EncodedFrame[] = [];
  const sent: Uint8Array[] = [];
  h264.onFrame((e) => encoded.push(e));
  const crop = { x: 0, y: 0, width: w, height: h };
  const started = performance.now();
  for (const [step, data] of pictures.entries()) {
    const due = started + (step * 1000) / FPS;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    if (h264.push({ width: w, height: h, data, step, at: performance.now() }, crop)) sent.push(data);
  }
  const deadline = performance.now() + 10_000;
  while (encoded.length < sent.length && problems.length === 0 && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  await h264.close();
  return { encoded, sent };
}

async function bench(encoder: H264Options['encoder'], ffmpeg: string, pictures: Uint8Array[], w: number, h: number) {
  const problems: string[] = [];
  const options: H264Options = { encoder, bitrateKbps: 6000, keyframeSeconds: 1, fps: FPS, ffmpeg };
  const h264 = new H264Encoder(options, problemLog(problems));
  const { encoded, sent } = await encodeAll(h264, pictures, w, h, problems);
  if (h264.encoderInUse !== encoder) return { encoder, error: `not available here: ${problems.join('; ')}` };
  if (encoded.length === 0) return { encoder, error: problems[0] ?? 'no frame came out in 10 s' };
  const times = encoded.map((e) => e.encodeMs);
  const bytes = encoded.reduce((n, e) => n + e.data.length, 0);
  const keys = encoded.flatMap((e, i) => (e.key ? [i] : []));
  const dir = await mkdtemp(join(tmpdir(), 'nacre-h264-'));
  try {
    return {
      encoder,
      size: `${w}x${h}`,
      encoded: encoded.length,
      dropped: pictures.length - sent.length,
      lost: sent.length - encoded.length,
      encodeMedianMs: round(quantile(times, 0.5)),
      encodeP95Ms: round(quantile(times, 0.95)),
      kbitPerSecond: Math.round((bytes * 8 * FPS) / encoded.length / 1000),
      keyFramesEveryGop: keys.every((k) => k % FPS === 0) && keys.length === Math.ceil(encoded.length / FPS),
      codecString: encoded.find((e) => e.codecString)?.codecString,
      psnr: await psnr(ffmpeg, dir, encoded, sent.slice(0, encoded.length), `${w}x${h}`),
      problems: problems.length ? problems : undefined,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      encoders: { type: 'string', default: 'libx264,h264_nvenc' },
      size: { type: 'string', default: '1280x720' },
      frames: { type: 'string', default: '90' },
      ffmpeg: { type: 'string', default: 'ffmpeg' },
    },
  });
  const [w, h] = values.size.split('x').map(Number) as [number, number];
  const pictures = await testPicture(values.ffmpeg, w, h, Number(values.frames));
  for (const encoder of values.encoders.split(',')) {
    if (encoder !== 'libx264' && encoder !== 'h264_nvenc') throw new Error(`unknown encoder ${encoder}`);
    console.log(JSON.stringify(await bench(encoder, values.ffmpeg, pictures, w, h)));
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
