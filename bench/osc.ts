/** OSC ingest: Nacre's decoding against raw osc.js, and delivery at a paced 40k messages/s from another process. */
import { spawn } from 'node:child_process';
import osc from 'osc';
import { decodePacket, encodeMessage } from '../drivers/osc/codec.ts';
import { OscDriver } from '../drivers/osc/driver.ts';
import { oscSchema } from '../drivers/osc/schema.ts';
import { silentLogger } from '../runtime/core/log.ts';

/** realistic traffic: faders and XY pads, 1 % malformed */
function traffic(n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 100 === 99) out.push(Buffer.from('garbage-packet!!'));
    else out.push(Buffer.from(encodeMessage(i % 2 ? `/fader/${i % 16}` : '/1/xy', i % 2 ? [i / n] : [0.25, 0.75])));
  }
  return out;
}

function rate(decode: (b: Buffer) => unknown, packets: Buffer[]): number {
  let ok = 0;
  const t0 = performance.now();
  for (const p of packets) {
    try {
      decode(p);
      ok++;
    } catch {
      /* the malformed 1 % */
    }
  }
  return ok / ((performance.now() - t0) / 1000);
}

export function decodeThroughput(n = 200_000): { raw: number; nacre: number } {
  const packets = traffic(n);
  const raw = (b: Buffer) => osc.readPacket(b, { metadata: true });
  rate(raw, packets.slice(0, 20_000));
  rate(decodePacket, packets.slice(0, 20_000));
  return { raw: rate(raw, packets), nacre: rate(decodePacket, packets) };
}

const SENDER = `
const dgram = require('node:dgram');
const [port, perSecond, seconds] = process.argv.slice(1).map(Number);
const s = dgram.createSocket('udp4');
const good = Buffer.from('/fader/1\\0\\0\\0\\0,f\\0\\0\\x3f\\x00\\x00\\x00', 'latin1');
const bad = Buffer.from('garbage-packet!!');
let sent = 0, i = 0; const total = perSecond * seconds; const t0 = Date.now();
function tick() {
  const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * perSecond));
  for (; i < due; i++) { s.send(i % 100 === 99 ? bad : good, port, '127.0.0.1'); if (i % 100 !== 99) sent++; }
  if (i < total) setImmediate(tick); else setTimeout(() => { console.log(sent); s.close(); }, 200);
}
tick();
`;

/** messages delivered of those sent by a separate process at `perSecond` for `seconds` */
export async function pacedDelivery(
  perSecond: number,
  seconds: number,
): Promise<{ sent: number; received: number; malformed: number }> {
  const driver = new OscDriver(oscSchema.parse({ udp: { port: 0 }, maxPerSecond: 1e9 }), silentLogger());
  let received = 0;
  driver.onSignal(() => received++);
  await driver.open(new AbortController().signal);
  const child = spawn(process.execPath, ['-e', SENDER, String(driver.udpPort), String(perSecond), String(seconds)]);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise((r) => child.on('close', r));
  await new Promise((r) => setTimeout(r, 300));
  await driver.close();
  return { sent: Number(out.trim()), received, malformed: driver.counters.malformed };
}
