/** Independent OSC peers for the tests: liblo's oscsend/oscdump, python3-liblo, and hand-built bytes. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function oscsend(port: number, address: string, types = '', ...args: (string | number)[]): Promise<void> {
  await run('oscsend', ['localhost', String(port), address, ...(types ? [types, ...args.map(String)] : [])]);
}

/** python3-liblo (Debian's /usr/bin/python3): a bundle of messages with a time tag `delay` seconds ahead */
export async function libloBundle(port: number, delay: number, messages: [string, number][]): Promise<void> {
  const script = `
import liblo, sys
target = liblo.Address('127.0.0.1', ${port}, liblo.UDP)
msgs = [liblo.Message(a, v) for a, v in ${JSON.stringify(messages)}]
liblo.send(target, liblo.Bundle(liblo.time() + ${delay}, *msgs) if ${delay} > 0 else liblo.Bundle(*msgs))
`;
  await run('/usr/bin/python3', ['-c', script]);
}

/** oscdump on a port; `lines` collects what it printed */
export function oscdump(port: number): { lines: string[]; process: ChildProcess; stop: () => void } {
  const child = spawn('oscdump', ['-L', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  child.stdout.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
  return { lines, process: child, stop: () => child.kill('SIGTERM') };
}

const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
const str = (s: string) => pad(Buffer.concat([Buffer.from(s), Buffer.from([0])]));
const i32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

/** an OSC message with int arguments, byte by byte from the OSC 1.0 spec */
export function rawMessage(address: string, ...ints: number[]): Buffer {
  return Buffer.concat([str(address), str(`,${'i'.repeat(ints.length)}`), ...ints.map(i32)]);
}

/** a bundle (immediate time tag) holding messages or bundles */
export function rawBundle(...elements: Buffer[]): Buffer {
  const tag = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);
  return Buffer.concat([str('#bundle'), tag, ...elements.flatMap((e) => [i32(e.length), e])]);
}

/** a bundle time-tagged `delaySeconds` from now (NTP time: seconds since 1900) holding messages */
export function futureBundle(delaySeconds: number, ...elements: Buffer[]): Buffer {
  const at = Date.now() / 1000 + delaySeconds + 2_208_988_800;
  const tag = Buffer.alloc(8);
  tag.writeUInt32BE(Math.floor(at));
  tag.writeUInt32BE(Math.floor((at % 1) * 2 ** 32), 4);
  return Buffer.concat([str('#bundle'), tag, ...elements.flatMap((e) => [i32(e.length), e])]);
}
