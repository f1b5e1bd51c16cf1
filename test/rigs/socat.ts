/** A pseudo-terminal pair from socat: `device` is what the driver opens, `sensor` is the other end the test plays. */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';

export interface PtyPair {
  device: string;
  sensorPath: string;
  /** the sensor end, opened */
  sensor: SerialPort;
  socat: ChildProcess;
  /** kills socat: the device end disappears, like a yanked cable */
  unplug(): Promise<void>;
}

export async function ptyPair(dir?: string): Promise<PtyPair> {
  const at = dir ?? (await mkdtemp(join(tmpdir(), 'nacre-serial-')));
  const device = join(at, 'device');
  const sensorPath = join(at, 'sensor');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${sensorPath}`], {
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    const ready = await Promise.all([access(device), access(sensorPath)]).then(
      () => true,
      () => false,
    );
    if (ready) break;
    if (i > 100 || socat.exitCode !== null)
      throw new Error('socat did not create its pseudo-terminals (is socat installed?)');
    await new Promise((r) => setTimeout(r, 20));
  }
  const sensor = new SerialPort({ path: sensorPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => sensor.open((e) => (e ? reject(e) : resolve())));
  sensor.on('error', () => undefined);
  sensor.on('data', () => undefined); // keep it flowing
  const unplug = async () => {
    if (socat.exitCode !== null || socat.signalCode !== null) return;
    const gone = new Promise((r) => socat.once('exit', r));
    socat.kill('SIGKILL');
    await gone;
  };
  return { device, sensorPath, sensor, socat, unplug };
}

export function send(p: PtyPair, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) =>
    p.sensor.write(Buffer.from(data), (e) => (e ? reject(e) : p.sensor.drain(() => resolve()))),
  );
}
