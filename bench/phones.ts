/**
 * Visitors' phones under load: the loop's steps/s, the console's round trip and memory with 500 phones
 * connected, voting and suggesting, against the same runtime with none, in the same run.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { PASSWORD, startRuntime } from '../test/e2e/harness.ts';
import { poll } from './poll.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? NaN;

interface Window {
  stepsPerSecond: number;
  consoleMedianMs: number;
  consoleP99Ms: number;
  rssMb: number;
  heapMb: number;
  /** the share of the window the runtime's main thread was busy (event loop utilisation, 0..1) */
  mainBusy: number;
}

/** steps/s over the window, and the console's round trip (an operator command and its answer) every 100 ms */
async function measure(runtime: Awaited<ReturnType<typeof startRuntime>>['runtime'], console: Socket, ms: number) {
  const steps0 = runtime.loop.steps;
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const trips: number[] = [];
  while (performance.now() - t0 < ms) {
    const sent = performance.now();
    await new Promise((resolve) => console.emit('phones:reject', -1, resolve));
    trips.push(performance.now() - sent);
    await sleep(100);
  }
  const seconds = (performance.now() - t0) / 1000;
  const mainBusy = performance.eventLoopUtilization(elu0).utilization;
  global.gc?.();
  const mem = process.memoryUsage();
  return {
    stepsPerSecond: (runtime.loop.steps - steps0) / seconds,
    consoleMedianMs: quantile(trips, 0.5),
    consoleP99Ms: quantile(trips, 0.99),
    rssMb: mem.rss / 2 ** 20,
    heapMb: mem.heapUsed / 2 ** 20,
    mainBusy,
  } satisfies Window;
}

export async function phoneCrowd(model: string, phones: number, seconds: number) {
  const { runtime, url } = await startRuntime({
    model: { path: model },
    phones: {
      enabled: true,
      moderation: { perMinute: 6, cooldownSeconds: 5 },
      limits: { connectionsPerAddress: phones, connections: phones },
    },
  });
  const console = io(`${url}/console`, { auth: { password: PASSWORD }, transports: ['websocket'] });
  try {
    await poll(() => console.connected, 'the console');
    await sleep(1500); // past start-up
    const idle = await measure(runtime, console, seconds * 1000);
    const crowd = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/phone-crowd.ts', url, String(phones), String(seconds + 4)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    // the phones stand in for visitors' own devices: on a small machine they take the CPU the model needs, so
    // they run at the lowest priority (what they cost the runtime itself is its main thread's share, measured)
    if (crowd.pid) setPriority(crowd.pid, 19);
    let out = '';
    crowd.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await poll(() => runtime.phones!.status().connected >= phones, `${phones} phones connected`, 60_000);
    console.emit('phones:vote', ['a golden sunset', 'a starry night', 'misty rain'], 60, () => undefined);
    const busy = await measure(runtime, console, seconds * 1000);
    await new Promise((r) => crowd.on('exit', r));
    const status = runtime.phones!.status();
    return { idle, busy, crowd: JSON.parse(out.trim() || '{}') as Record<string, number>, status };
  } finally {
    console.close();
    await runtime.close();
  }
}
