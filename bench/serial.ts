/** Serial line latency over a socat pseudo-terminal: the driver against raw serialport + ReadlineParser. */
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPort } from 'serialport';
import { SerialDriver } from '../drivers/serial/driver.ts';
import { serialSchema } from '../drivers/serial/schema.ts';
import { ptyPair, send } from '../test/rigs/socat.ts';
import { silentLogger } from '../runtime/core/log.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(
  subscribe: (fn: () => void) => void,
  write: (i: number) => Promise<void>,
  n: number,
): Promise<number> {
  const times: number[] = [];
  let resolve: (() => void) | undefined;
  subscribe(() => resolve?.());
  for (let i = 0; i < n; i++) {
    const got = new Promise<void>((r) => (resolve = r));
    const t0 = performance.now();
    await write(i);
    await got;
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function serialLatency(n = 300): Promise<{ rawMs: number; driverMs: number }> {
  const rawPair = await ptyPair();
  const raw = new SerialPort({ path: rawPair.device, baudRate: 115200 });
  await new Promise((r) => raw.once('open', r));
  const lines = raw.pipe(new ReadlineParser({ delimiter: '\n' }));
  const rawMs = await measure(
    (fn) => lines.on('data', fn),
    (i) => send(rawPair, `value=${i}\n`),
    n,
  );
  await new Promise((r) => raw.close(r));
  await rawPair.unplug();

  const pair = await ptyPair();
  const driver = new SerialDriver(serialSchema.parse({ id: 'bench', path: pair.device }), pair.device, silentLogger());
  await driver.open(new AbortController().signal);
  const driverMs = await measure(
    (fn) => driver.onSignal(fn),
    (i) => send(pair, `value=${i}\n`),
    n,
  );
  await driver.close();
  await pair.unplug();
  return { rawMs, driverMs };
}
