import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import slip from 'slip';
import type { Logger } from '../../runtime/core/log.ts';
import type { Value } from '../../runtime/core/signals.ts';
import type { Driver } from '../../runtime/core/driver.ts';
import { BaseDriver } from '../base-driver.ts';
import { decodePacket, encodeMessage, MalformedPacket, type OscArg, type TimedMessage } from './codec.ts';
import { AddressLimiter } from './limiter.ts';
import type { OscConfig } from './schema.ts';

const RECV_BUFFER = 4 * 1024 * 1024;

export type OscCounters = {
  packets: number;
  messages: number;
  malformed: number;
  refused: number;
  limited: number;
  scheduled: number;
  /** time-tagged messages dropped: over maxScheduled or maxScheduledBytes */
  dropped: number;
};

/**
 * OSC in over UDP (and TCP with SLIP), out to a feedback controller. Every message becomes a Signal whose
 * source is the sender and whose channel is the address. Bad packets are counted and logged once per kind;
 * nothing a sender does can throw out of here.
 */
export class OscDriver extends BaseDriver implements Driver {
  readonly counters: OscCounters = {
    packets: 0,
    messages: 0,
    malformed: 0,
    refused: 0,
    limited: 0,
    scheduled: 0,
    dropped: 0,
  };
  /** time-tagged messages waiting now, and their bytes */
  readonly waiting = { count: 0, bytes: 0 };
  private udp: Socket | undefined;
  private tcp: Server | undefined;
  private readonly limiter: AddressLimiter;
  private readonly loggedKinds = new Set<string>();

  constructor(
    private readonly config: OscConfig,
    log: Logger,
  ) {
    super(log, 'OSC');
    this.limiter = new AddressLimiter(config.maxPerSecond);
  }

  get id(): string {
    return this.config.id;
  }

  /** the UDP port actually bound (when configured as 0) */
  get udpPort(): number | undefined {
    return this.udp?.address().port;
  }

  get tcpPort(): number | undefined {
    const a = this.tcp?.address();
    return a && typeof a === 'object' ? a.port : undefined;
  }

  protected async connect(abort: AbortSignal): Promise<void> {
    const { udp, tcp } = this.config;
    const socket = (this.udp = createSocket({ type: udp.address.includes(':') ? 'udp6' : 'udp4' }));
    socket.on('message', (data, rinfo) => this.packet(data, rinfo.address, rinfo));
    await bind((cb) => socket.once('error', cb).bind(udp.port, udp.address, () => cb()), abort);
    socket.on('error', (err) => this.lost(err));
    // bursts from a desk must not overflow the kernel's queue while the main thread is busy for a moment;
    // the kernel caps this at net.core.rmem_max (README "OSC" says how to raise it)
    socket.setRecvBufferSize(RECV_BUFFER);
    if (tcp) {
      const server = (this.tcp = createServer((s) => {
        const frames = new slip.Decoder({
          onMessage: (frame) => this.packet(frame, s.remoteAddress ?? '?'),
          onError: () => this.bad(new MalformedPacket('bad SLIP frame', 'over 64 KiB')),
          maxMessageSize: 64 * 1024,
        });
        s.on('data', (d) => frames.decode(d));
        s.on('error', () => s.destroy());
      }));
      await bind((cb) => server.once('error', cb).listen(tcp.port, tcp.address, () => cb()), abort);
    }
  }

  protected async disconnect(): Promise<void> {
    const { udp, tcp } = this;
    this.waiting.count = this.waiting.bytes = 0; // their timers are freed with the driver's
    this.udp = this.tcp = undefined;
    await new Promise<void>((r) => (udp ? udp.close(() => r()) : r())).catch(() => undefined);
    await new Promise<void>((r) => (tcp?.listening ? tcp.close(() => r()) : r()));
  }

  /** feedback to the configured controller: `write('/nacre/session/state', 'active')` */
  async write(channel: string, value: Value): Promise<void> {
    const to = this.config.feedback;
    if (this.state !== 'open' || !this.udp) throw new Error(`OSC "${this.id}" is not open (${this.state})`);
    if (!to) throw new Error(`OSC "${this.id}" has no feedback address configured (osc.feedback)`);
    const args = Array.isArray(value) ? [...value] : [value as number | string | boolean];
    const data = encodeMessage(channel, args);
    await new Promise<void>((resolve, reject) =>
      this.udp!.send(data, to.port, to.address, (err) => (err ? reject(err) : resolve())),
    );
  }

  private packet(data: Buffer | Uint8Array, from: string, rinfo?: RemoteInfo): void {
    this.counters.packets++;
    if (this.config.allow.length && !this.config.allow.includes(from.replace(/^::ffff:/, ''))) {
      this.counters.refused++;
      return this.once('refused', () => this.log.warn({ from }, 'OSC from a sender not in osc.allow: ignored'));
    }
    let messages: TimedMessage[];
    try {
      messages = decodePacket(data);
    } catch (err) {
      return this.bad(err as Error);
    }
    const source = `osc:${from}${rinfo ? `:${rinfo.port}` : ''}`;
    const now = Date.now();
    for (const m of messages) {
      if (m.at === undefined || m.at <= now) this.dispatch(source, m);
      else if (m.at - now > this.config.maxDelaySeconds * 1000)
        this.bad(new MalformedPacket('bundle too far ahead', `time tag ${new Date(m.at).toISOString()}`));
      else this.schedule(source, m, m.at - now);
    }
  }

  private schedule(source: string, m: TimedMessage, delay: number): void {
    const bytes = m.bytes ?? 0;
    const { maxScheduled, maxScheduledBytes } = this.config;
    if (this.waiting.count >= maxScheduled || this.waiting.bytes + bytes > maxScheduledBytes) {
      this.counters.dropped++;
      return this.once('schedule full', () =>
        this.log.warn(
          { maxScheduled, maxScheduledBytes },
          'too many time-tagged OSC messages waiting: dropping (counted; logged once)',
        ),
      );
    }
    this.counters.scheduled++;
    this.waiting.count++;
    this.waiting.bytes += bytes;
    this.after(delay, () => {
      this.waiting.count--;
      this.waiting.bytes -= bytes;
      this.dispatch(source, m);
    });
  }

  private dispatch(source: string, m: TimedMessage): void {
    if (!this.limiter.allow(m.address, performance.now())) {
      this.counters.limited++;
      return this.once(`limit ${m.address}`, () =>
        this.log.warn(
          { address: m.address, max: this.config.maxPerSecond },
          'OSC address over its rate limit: dropping',
        ),
      );
    }
    this.counters.messages++;
    const value = toValue(m.args);
    const args = typeof value === 'string' && m.args.length > 1 ? { args: plainArgs(m.args) } : {};
    this.emitSignal({ source, channel: m.address, value, ...args, t: performance.now() });
  }

  private bad(err: Error): void {
    this.counters.malformed++;
    const kind = err instanceof MalformedPacket ? err.kind : 'unreadable';
    this.once(`bad ${kind}`, () =>
      this.log.warn({ kind, detail: err.message }, 'malformed OSC packet ignored (counted; logged once per kind)'),
    );
  }

  private once(key: string, fn: () => void): void {
    if (this.loggedKinds.has(key)) return;
    this.loggedKinds.add(key);
    fn();
  }
}

/** one argument: itself; two numbers: a 2-D value; none: true (a trigger); more: the numbers */
function toValue(args: OscArg[]): Value {
  const plain = plainArgs(args);
  if (plain.length === 0) return true;
  if (plain.length === 1) return plain[0]!;
  const nums = plain.filter((a): a is number => typeof a === 'number');
  return nums.length === plain.length ? nums : plain.map(String).join(' ');
}

function plainArgs(args: OscArg[]): (number | string | boolean)[] {
  return args.filter(
    (a): a is number | string | boolean => typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean',
  );
}

/** binds (quickly: nothing to call off half way), then gives up if the open was aborted meanwhile */
async function bind(start: (cb: (err?: Error) => void) => void, abort: AbortSignal): Promise<void> {
  if (abort.aborted) throw abort.reason;
  await new Promise<void>((resolve, reject) =>
    start((err) => (err ? reject(new Error(`OSC cannot listen: ${err.message}`)) : resolve())),
  );
  if (abort.aborted) throw abort.reason;
}
