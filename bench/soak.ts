/**
 * npm run bench -- soak: an accelerated soak of a whole runtime in this process. The 320x180 world steps as
 * fast as it runs, a socket.io page reads every frame and its sound, a pad on the page and an OSC desk
 * stream input, and the model is crashed every SOAK_RESTART_S seconds. Every SOAK_SAMPLE_S seconds a row:
 * RSS, heap, open file descriptors, event-loop delay p99, steps/s, restarts. Goal: RSS growth <= 2 % from
 * the first row after warm-up to the last.
 */
import { createSocket } from 'node:dgram';
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { configSchema } from '../config/schema.ts';
import { silentLogger } from '../runtime/core/log.ts';
import { Runtime } from '../runtime/runtime.ts';
import { freePort } from '../test/helpers/remote.ts';
import { rawMessage } from '../test/rigs/osc.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const SAMPLE_S = Number(process.env.SOAK_SAMPLE_S ?? 15);
const RESTART_S = Number(process.env.SOAK_RESTART_S ?? 60);
/** times the world's 30 frames/s; unset: as fast as it steps */
const SPEEDUP = Number(process.env.SOAK_SPEEDUP ?? Infinity);

async function startSoakRuntime(oscPort: number): Promise<{ runtime: Runtime; url: string }> {
  const config = configSchema.parse({
    http: { port: 0, host: '127.0.0.1' },
    model: { path: 'models/default-320x180' },
    session: { mode: 'wander', idleSeconds: 3600, maxSeconds: 3600, endingSeconds: 1 },
    displays: [{ id: 'main' }],
    console: { password: 'soak soak soak' },
    osc: { udp: { address: '127.0.0.1', port: oscPort } },
    stateDir: await mkdtemp(join(tmpdir(), 'nacre-soak-')),
  });
  const runtime = new Runtime(config, silentLogger());
  const handle = await runtime.start(0, '127.0.0.1');
  return { runtime, url: handle.url };
}

/** a page that acknowledges every frame and chunk at once, and holds a pad stick that moves */
function page(url: string): { stop: () => void } {
  const socket = io(`${url}/display`, { query: { id: 'main' }, transports: ['websocket'] });
  socket.on('frame', (_m: unknown, _b: unknown, ack: () => void) => ack());
  socket.on('audio', (_m: unknown, _b: unknown, ack: () => void) => ack());
  let t = 0;
  const pad = setInterval(() => {
    t += 0.1;
    socket.emit('input', { kind: 'pad', pad: 0, channel: 'left', value: [Math.sin(t) * 0.9, Math.cos(t) * 0.9] });
  }, 20);
  return { stop: () => (clearInterval(pad), void socket.disconnect()) };
}

/** an OSC desk: a fader and a cue, 100 messages a second */
function desk(port: number): { stop: () => void } {
  const s = createSocket('udp4');
  let i = 0;
  const timer = setInterval(() => {
    s.send(rawMessage('/desk/fader', i++ % 1000), port, '127.0.0.1');
    if (i % 50 === 0) s.send(rawMessage('/nacre/action/jump', i % 100 === 0 ? 1 : 0), port, '127.0.0.1');
  }, 10);
  return { stop: () => (clearInterval(timer), s.close()) };
}

const fds = () => readdirSync('/proc/self/fd').length;
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

export async function soak(): Promise<void> {
  const oscPort = await freePort();
  const { runtime, url } = await startSoakRuntime(oscPort);
  runtime.loop.speedUp = SPEEDUP; // the loop would otherwise keep to the world's 30 frames/s
  const loops = [page(url), desk(oscPort)];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const crash = setInterval(() => runtime.world.keeper.crash(), RESTART_S * 1000);
  console.log(
    `soak: ${MINUTES} min, a row every ${SAMPLE_S} s, a model restart every ${RESTART_S} s, ` +
      `${Number.isFinite(SPEEDUP) ? `${SPEEDUP} x the world's fps` : 'unpaced'}\n`,
  );
  console.log('   min   RSS MB  heap MB  fds  loop delay p99 ms  steps/s  steps total  restarts  pauses');
  const rows: { rss: number }[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < MINUTES * 60_000) {
    await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
    const m = process.memoryUsage();
    const s = runtime.status().model;
    rows.push({ rss: m.rss });
    console.log(
      `${((performance.now() - t0) / 60_000).toFixed(1).padStart(6)}${mb(m.rss).padStart(9)}${mb(m.heapUsed).padStart(9)}` +
        `${String(fds()).padStart(5)}${(delay.percentile(99) / 1e6).toFixed(1).padStart(19)}${s.stepsPerSecond.toFixed(1).padStart(9)}` +
        `${String(runtime.loop.steps).padStart(13)}${String(s.restarts).padStart(10)}${String(runtime.loop.pauses.count).padStart(8)}`,
    );
    delay.reset();
  }
  clearInterval(crash);
  for (const l of loops) l.stop();
  await runtime.close();
  // the first row is the warm-up (the model loaded, caches filled): growth is measured after it
  const first = rows[1] ?? rows[0]!;
  const last = rows[rows.length - 1]!;
  const growth = ((last.rss - first.rss) / first.rss) * 100;
  console.log(`\nRSS growth after warm-up: ${growth.toFixed(2)} % (goal <= 2 %): ${growth <= 2 ? 'met' : 'NOT met'}`);
}
