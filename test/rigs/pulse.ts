/** Test rig: a private PulseAudio daemon with one null sink, and parec recording what reaches it. */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StderrTail } from '../../displays/speaker/stderr-tail.ts';

export const TEST_SINK = 'nacre_test';
/** with `startPulse({ quad: true })`: a 4-channel null sink, like a quad of speakers on a multichannel card */
export const QUAD_SINK = 'nacre_quad';
export const QUAD_MAP = 'front-left,front-right,rear-left,rear-right';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PulseRig {
  /** env for clients of this daemon (PULSE_SERVER) */
  env: NodeJS.ProcessEnv;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs `pulseaudio` as a private user daemon (as root it only warns) with its home and runtime dir in a temp
 * dir, no default.pa, a float32 48 kHz null sink (and with `quad`, a 4-channel one) and an anonymous unix
 * socket. Throws with the daemon's own words if it cannot start.
 */
export async function startPulse(o: { quad?: boolean } = {}): Promise<PulseRig> {
  const dir = mkdtempSync(join(tmpdir(), 'nacre-pulse-'));
  const server = `unix:${join(dir, 'native')}`;
  const daemon = spawn(
    'pulseaudio',
    [
      '-n',
      '--daemonize=no',
      '--system=no',
      '--use-pid-file=no',
      '--exit-idle-time=-1',
      '--realtime=no',
      '--high-priority=no',
      '--log-target=stderr',
      `--load=module-null-sink sink_name=${TEST_SINK} format=float32le rate=48000 channels=2`,
      ...(o.quad
        ? [
            `--load=module-null-sink sink_name=${QUAD_SINK} format=float32le rate=48000 channels=4 channel_map=${QUAD_MAP}`,
          ]
        : []),
      `--load=module-native-protocol-unix auth-anonymous=1 socket=${join(dir, 'native')}`,
    ],
    {
      env: {
        ...process.env,
        HOME: dir,
        XDG_RUNTIME_DIR: dir,
        XDG_CONFIG_HOME: dir,
        PULSE_RUNTIME_PATH: join(dir, 'pulse'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const log = new StderrTail(8192);
  daemon.stderr!.on('data', (d: Buffer) => log.push(d));
  const env = { PULSE_SERVER: server };
  const ended = stopper(daemon, () => rmSync(dir, { recursive: true, force: true }));
  const pacers: Recording[] = [];
  const stop = async () => {
    await Promise.all(pacers.map((p) => p.stop()));
    await ended.stop();
  };
  try {
    for (let i = 0; !(await answers(server)); i++) {
      if (ended.exited() || i > 100) throw new Error(log.all.trim().slice(-1500) || 'it exited without a word');
      await sleep(100);
    }
    // An idle null sink renders up to 2 s ahead, so a new stream would wait that long before it plays: a
    // low-latency recorder on its monitor keeps it rendering in small blocks, like a sound card would.
    for (const sink of o.quad ? [TEST_SINK, QUAD_SINK] : [TEST_SINK]) {
      pacers.push(await record(env, sink === QUAD_SINK ? QUAD : STEREO));
      for (let i = 0; (await sinkLatencyUs(server, sink)) > 100_000; i++) {
        if (i > 100) throw new Error(`the null sink ${sink} kept its 2 s latency with a 20 ms recorder on its monitor`);
        await sleep(50);
      }
    }
    return { env, pid: daemon.pid!, stop };
  } catch (e) {
    await stop();
    const hint =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? ' (install pulseaudio: scripts/install-system-packages.sh)' : '';
    throw new Error(`PulseAudio did not start: ${(e as Error).message}${hint}`);
  }
}

async function answers(server: string): Promise<boolean> {
  try {
    await promisify(execFile)('pactl', [`--server=${server}`, 'info'], { timeout: 2000 });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    return false;
  }
}

async function sinkLatencyUs(server: string, sink: string): Promise<number> {
  const { stdout } = await promisify(execFile)('pactl', [`--server=${server}`, 'list', 'sinks'], { timeout: 2000 });
  const section = stdout.split(/^Sink #/m).find((s) => s.includes(`Name: ${sink}\n`)) ?? '';
  const m = /\n\s*Latency: (\d+) usec/.exec(section);
  return m ? Number(m[1]) : Infinity;
}

export interface Recording {
  /** frames recorded so far */
  frames(): number;
  /** ends parec; the interleaved float32 it recorded */
  stop(): Promise<Float32Array>;
}

export interface Monitor {
  sink: string;
  channels: number;
  /** the sink's own map, so parec takes its channels as they are (no remix) */
  channelMap: string;
}
const STEREO: Monitor = { sink: TEST_SINK, channels: 2, channelMap: 'front-left,front-right' };
export const QUAD: Monitor = { sink: QUAD_SINK, channels: 4, channelMap: QUAD_MAP };

/** parec from a test sink's monitor (the stereo one unless told), float32 48 kHz, 20 ms latency; resolves once it records */
export async function record(env: NodeJS.ProcessEnv, monitor: Monitor = STEREO): Promise<Recording> {
  const child = spawn(
    'parec',
    [
      '--raw',
      '--format=float32le',
      '--rate=48000',
      `--channels=${monitor.channels}`,
      `--channel-map=${monitor.channelMap}`,
      '--latency-msec=20',
      `--device=${monitor.sink}.monitor`,
      '-v',
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const parts: Buffer[] = [];
  let bytes = 0;
  child.stdout.on('data', (d: Buffer) => {
    parts.push(d);
    bytes += d.length;
  });
  const ended = stopper(child);
  const err = new StderrTail();
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err.push(d);
      if (/Stream successfully created/.test(err.all)) resolve();
    });
    child.on('error', reject);
    child.on('close', () => reject(new Error(`parec ended: ${err.lastLine(/^(Opening a |Connection established)/)}`)));
  });
  return {
    frames: () => Math.floor(bytes / (4 * monitor.channels)),
    async stop() {
      await ended.stop();
      const all = Buffer.concat(parts);
      const out = new Float32Array(Math.floor(all.length / 4));
      for (let i = 0; i < out.length; i++) out[i] = all.readFloatLE(i * 4);
      return out;
    },
  };
}

/** ends a rig process by its PID: SIGTERM, SIGKILL if it is still there after 3 s */
function stopper(child: ReturnType<typeof spawn>, after?: () => void) {
  let exited = false;
  const gone = new Promise<void>((resolve) => child.on('close', () => resolve()));
  void gone.then(() => (exited = true));
  child.on('error', () => undefined);
  return {
    exited: () => exited,
    async stop() {
      const kill = (signal: NodeJS.Signals) => {
        if (exited || !child.pid) return;
        try {
          process.kill(child.pid, signal);
        } catch {
          // already gone; 'close' is on its way
        }
      };
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
      after?.();
    },
  };
}
