/**
 * Run as its own process by serial.test.ts: opens the driver on a socat pseudo-terminal, sends nothing,
 * kills socat, and prints whether the driver noticed. Observed here: a pseudo-terminal's hangup reaches the
 * serialport binding only in a process that runs in a session of its own (setsid, as under systemd); in a
 * process of a terminal's session the read just stays quiet. A real USB serial device that is unplugged
 * fails its reads either way; the heartbeat option covers a sensor that streams and goes silent.
 */
import { silentLogger } from '../../runtime/log.ts';
import { SerialDriver } from './driver.ts';
import { serialSchema } from './schema.ts';
import { ptyPair } from './socat-rig.ts';

const pty = await ptyPair();
const driver = new SerialDriver(serialSchema.parse({ id: 'probe', path: pty.device }), pty.device, silentLogger());
let lost: string | undefined;
driver.onState((s, err) => {
  if (s === 'lost') lost = err?.message ?? 'lost';
});
await driver.open(new AbortController().signal);
await pty.unplug();
for (let i = 0; i < 150 && !lost; i++) await new Promise((r) => setTimeout(r, 20));
console.log(JSON.stringify({ state: driver.state, error: lost }));
await driver.close();
process.exit(0);
