/**
 * Remote model benchmarks: a step over the wm/1 gRPC binding on loopback against the in-process ONNX step of
 * the same world, measured in the same run. The server is the ONNX default world in another process
 * (bench/remote-server.ts), so the difference is what the wire adds; `nacre model-server` (torch) is shown too.
 */
import { spawn } from 'node:child_process';
import { silentLogger } from '../runtime/core/log.ts';
import { OnnxWorldModel } from '../models/onnx/model.ts';
import { RemoteWorldModel } from '../models/remote/model.ts';
import type { RemoteSession } from '../models/remote/session.ts';
import { startServer } from '../models/server/server-process.ts';
import { figures, median, remoteFolder, type StepFigures } from './remote-figures.ts';

const log = silentLogger();

async function onnxServer(dir: string, echo = false): Promise<{ url: string; stop: () => void }> {
  const args = ['--import', 'tsx', 'bench/remote-server.ts', dir, ...(echo ? ['--echo'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on [\d.]+:(\d+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bench ONNX server exited (${code}): ${text}`)));
  });
  return { url: `grpc://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

export interface RemoteBench {
  /** the wire alone: a server that answers every step with one frame it computed at the start */
  echo: { raw: StepFigures; jpeg: StepFigures };
  onnx: StepFigures;
  raw: StepFigures;
  jpeg: StepFigures;
  torch: { raw: StepFigures; jpeg: StepFigures } | undefined;
  /** nacre model-server's 1280x720 JPEG frames (PIL, quality 85) */
  jpeg720Bytes: number | undefined;
}

/** raw and JPEG frames from the ONNX world in another process (or its echo) */
async function overWire(dir: string, steps: number, echo: boolean): Promise<{ raw: StepFigures; jpeg: StepFigures }> {
  const server = await onnxServer(dir, echo);
  try {
    const raw = await figures(
      (lookahead) => RemoteWorldModel.load(remoteFolder(dir, { url: server.url, model: 'bench' }), { lookahead, log }),
      steps,
    );
    const jpeg = await figures(
      (lookahead) =>
        RemoteWorldModel.load(remoteFolder(dir, { url: server.url, model: 'bench', frames: 'jpeg' }), {
          lookahead,
          log,
        }),
      steps,
    );
    return { raw, jpeg };
  } finally {
    server.stop();
  }
}

export async function benchRemote(dir: string, steps: number): Promise<RemoteBench> {
  const onnx = await figures((lookahead) => OnnxWorldModel.load(dir, { lookahead, log }), steps);
  const { raw, jpeg } = await overWire(dir, steps, false);
  const echo = await overWire(dir, steps, true);
  const torch =
    process.env.BENCH_REMOTE_TORCH === '0'
      ? { torch: undefined, jpeg720Bytes: undefined }
      : await torchFigures(dir, Math.max(5, Math.floor(steps / 4)));
  return { echo, onnx, raw, jpeg, ...torch };
}

/** the same world in torch (`nacre model-server`), when Debian's python3-torch is there; never a failure */
async function torchFigures(dir: string, steps: number): Promise<Pick<RemoteBench, 'torch' | 'jpeg720Bytes'>> {
  const name = dir.split('/').pop()!;
  try {
    const srv = await startServer(['--model', name, '--port', '0']);
    const url = `grpc://${srv.target}`;
    try {
      const raw = await figures(
        (lookahead) => RemoteWorldModel.load(remoteFolder(dir, { url, model: name }), { lookahead, log }),
        steps,
      );
      const jpeg = await figures(
        (lookahead) =>
          RemoteWorldModel.load(remoteFolder(dir, { url, model: name, frames: 'jpeg' }), { lookahead, log }),
        steps,
      );
      return { torch: { raw, jpeg }, jpeg720Bytes: await jpeg720() };
    } finally {
      await srv.stop();
    }
  } catch (err) {
    console.log(`(nacre model-server not measured: ${(err as Error).message.split('\n')[0]})`);
    return { torch: undefined, jpeg720Bytes: undefined };
  }
}

async function jpeg720(): Promise<number> {
  const srv = await startServer(['--model', 'default-1280x720', '--port', '0']);
  try {
    const model = await RemoteWorldModel.load(
      remoteFolder('models/default-1280x720', {
        url: `grpc://${srv.target}`,
        model: 'default-1280x720',
        frames: 'jpeg',
      }),
      { log },
    );
    const s = (await model.openSession({ seed: 1 })) as RemoteSession;
    s.push({ move: [0, 1] });
    const bytes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await s.next();
      bytes.push(s.lastFrameBytes);
    }
    await model.close();
    return median(bytes);
  } finally {
    await srv.stop();
  }
}
