import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import type { DoctorCheck } from '../core/driver.ts';

const run = promisify(execFile);
const output = (cmd: string, args: string[]) =>
  run(cmd, args, { timeout: 5000 }).then(
    (r) => r.stdout,
    () => undefined,
  );

/** free bytes on the filesystem holding `path` (recordings, checkpoints, logs) */
export async function diskCheck(path: string, minGb = 2): Promise<DoctorCheck> {
  const s = await statfs(path);
  const gb = (s.bavail * s.bsize) / 1024 ** 3;
  return {
    ok: gb >= minGb,
    what: `disk: ${gb.toFixed(1)} GB free for ${path} (checkpoints, logs; ${minGb} GB wanted)`,
  };
}

/** whether a TCP port can be listened on now (another exhibit or service may hold it) */
export async function portCheck(port: number, what: string): Promise<DoctorCheck> {
  const free = await new Promise<boolean>((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
  });
  return { ok: free ? true : 'info', what: `port ${port} (${what}): ${free ? 'free' : 'in use (another runtime?)'}` };
}

export async function audioCheck(): Promise<DoctorCheck> {
  const sinks = await output('pactl', ['list', 'short', 'sinks']);
  if (sinks !== undefined) {
    const names = sinks
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[1]);
    return {
      ok: names.length ? true : 'info',
      what: `audio: ${names.length} PulseAudio/PipeWire sink(s) ${names.join(', ')}`,
    };
  }
  const cards = await output('aplay', ['-l']);
  const n = cards?.split('\n').filter((l) => l.startsWith('card ')).length ?? 0;
  return { ok: 'info', what: `audio: no sound server answered; ${n} ALSA card(s)` };
}

export function udevCheck(): DoctorCheck {
  const installed = ['/etc/udev/rules.d/70-nacre.rules', '/lib/udev/rules.d/70-nacre.rules'].some(existsSync);
  return {
    ok: installed ? true : 'info',
    what: installed
      ? 'udev: 70-nacre.rules installed'
      : 'udev: 70-nacre.rules not installed (pads over hidraw need it: config/udev/70-nacre.rules)',
  };
}

/** the NVIDIA driver and the CUDA, cuDNN and TensorRT libraries onnxruntime's cuda/tensorrt providers load */
export async function gpuChecks(): Promise<DoctorCheck[]> {
  const smi = await output('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader']);
  const libs = (await output('/sbin/ldconfig', ['-p'])) ?? '';
  const has = (lib: string) => libs.includes(lib);
  return [
    { ok: 'info', what: `GPU: ${smi?.trim() || 'no NVIDIA GPU (nvidia-smi absent or silent): cpu provider only'}` },
    {
      ok: 'info',
      what: `CUDA libraries: ${['libcudart', 'libcublas', 'libcudnn', 'libnvinfer'].map((l) => `${l} ${has(l) ? 'yes' : 'no'}`).join(', ')}`,
    },
  ];
}

/** what `nacre doctor` says about the machine beyond Node, models and devices */
export async function machineChecks(stateDir = '.'): Promise<DoctorCheck[]> {
  return [
    await diskCheck(stateDir),
    await portCheck(8080, 'http, default'),
    await portCheck(9000, 'OSC, default (UDP is checked when it opens)'),
    await audioCheck(),
    udevCheck(),
    ...(await gpuChecks()),
  ];
}
