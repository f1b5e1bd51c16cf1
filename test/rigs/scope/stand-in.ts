/**
 * Runs the Scope stand-in (standin.py, Debian's python3-aiortc and python3-aiohttp) as a child process, and
 * writes Scope model folders that point at it. kill() ends it as a vanished workstation would (SIGKILL: no
 * goodbye on the WebRTC connection); restart() brings it back on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'standin.py');
/** Debian's interpreter, where apt put aiortc (not a pyenv or venv python3 that may be first on PATH) */
export const PYTHON = '/usr/bin/python3';

export interface StandInArgs {
  pipelines?: string[];
  loadDelay?: number;
  loadHang?: boolean;
  fps?: number;
  width?: number;
  height?: number;
  /** output.ts sends random bytes (a fault of the stand-in's own) */
  tsGarbage?: boolean;
}

export interface StandInReceived {
  via: string;
  at: number;
  data: Record<string, unknown>;
}

export interface StandInState {
  status: string;
  loads: number;
  parameters: Record<string, unknown>;
  received: StandInReceived[];
  chunk: { button: string[]; mouse: [number, number] };
  chunks: number;
  sessions: number;
  headless: boolean;
  /** frames the headless session has made */
  frames_made: number;
  /** MPEG-TS streams being sent */
  ts_streams: number;
}

export class ScopeStandIn {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    private readonly args: StandInArgs,
    public port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(args: StandInArgs = {}): Promise<ScopeStandIn> {
    const s = new ScopeStandIn(args, 0);
    await s.spawn();
    return s;
  }

  private argv(): string[] {
    const a = this.args;
    return [
      SCRIPT,
      '--port',
      String(this.port),
      ...(a.pipelines ? ['--pipelines', a.pipelines.join(',')] : []),
      ...(a.loadDelay !== undefined ? ['--load-delay', String(a.loadDelay)] : []),
      ...(a.loadHang ? ['--load-hang'] : []),
      ...(a.fps ? ['--fps', String(a.fps)] : []),
      ...(a.width ? ['--width', String(a.width)] : []),
      ...(a.height ? ['--height', String(a.height)] : []),
      ...(a.tsGarbage ? ['--ts-garbage'] : []),
    ];
  }

  private spawn(): Promise<void> {
    const child = spawn(PYTHON, this.argv(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`Scope stand-in did not start in 15 s:\n${this.output}`)), 15_000);
      child.stdout!.on('data', (d: Buffer) => {
        this.output += d.toString();
        const m = /LISTENING (\d+)/.exec(this.output);
        if (m) {
          clearTimeout(t);
          this.port = Number(m[1]);
          resolve();
        }
      });
      child.stderr!.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
      child.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`Scope stand-in exited (${code}):\n${this.output}`));
      });
    });
  }

  /** what the stand-in has received and is drawing (its own endpoint; Scope has none such) */
  async state(): Promise<StandInState> {
    return (await fetch(`${this.url}/_standin/state`)).json() as Promise<StandInState>;
  }

  /** SIGKILL: the process vanishes without closing anything */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  }

  /** starts it again on the same port (a workstation back on the network) */
  async restart(): Promise<void> {
    await this.kill();
    await this.spawn();
  }

  async stop(): Promise<void> {
    await this.kill();
  }

  get log(): string {
    return this.output;
  }
}

export interface ScopeFolderOptions {
  url: string;
  pipeline?: string;
  transport?: 'webrtc' | 'headless' | 'mpegts';
  fps?: number;
  width?: number;
  height?: number;
  loadTimeoutMs?: number;
  frameTimeoutMs?: number;
  extra?: Record<string, unknown>;
}

/** a Scope model folder (manifest.json only) pointing at `url` */
export async function writeScopeFolder(o: ScopeFolderOptions): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-scope-'));
  const manifest = {
    format: 'wm/1',
    name: 'scope-stand-in',
    fps: o.fps ?? 20,
    width: o.width ?? 160,
    height: o.height ?? 96,
    style: {
      default: 'meadow',
      presets: {
        meadow: { keywords: ['meadow', 'day'], prompt: 'a sunny meadow, first person view' },
        night: { keywords: ['night'], prompt: 'a meadow at night under the stars' },
      },
    },
    scope: {
      url: o.url,
      pipeline: o.pipeline ?? 'waypoint',
      ...(o.transport ? { transport: o.transport } : {}),
      loadTimeoutMs: o.loadTimeoutMs ?? 10_000,
      frameTimeoutMs: o.frameTimeoutMs ?? 1500,
      keys: { jump: 'Space' },
      ...o.extra,
    },
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
