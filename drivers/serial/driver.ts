import { SerialPort } from 'serialport';
import slip from 'slip';
import type { Logger } from '../../runtime/core/log.ts';
import type { Value } from '../../runtime/core/signals.ts';
import type { Driver } from '../../runtime/core/driver.ts';
import { BaseDriver } from '../base-driver.ts';
import { watchPresence } from '../presence.ts';
import { CobsFramer, cobsEncode, LineFramer, SlipFramer, type Framer } from './framing.ts';
import { BadRecord, parseBinary, parseCsv, parseJson, parseKv } from './records.ts';
import type { SerialConfig } from './schema.ts';

const CLOSE_MS = 1000;
const PRESENCE_MS = 500;

export type SerialCounters = {
  records: number;
  garbage: number;
};

/**
 * A sensor on a serial line: frames in (text lines or SLIP/COBS records), one signal per field, writes out.
 * The stream is always consumed (a paused stream never notices an unplug), an optional heartbeat catches a
 * device that goes silent, and garbage is counted and logged once per kind.
 */
export class SerialDriver extends BaseDriver implements Driver {
  readonly counters: SerialCounters = { records: 0, garbage: 0 };
  private port: SerialPort | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly framer: Framer;
  private readonly logged = new Set<string>();

  constructor(
    private readonly config: SerialConfig,
    private readonly path: string,
    log: Logger,
  ) {
    super(log, 'serial');
    const sink = { frame: (f: Uint8Array) => this.frame(f), garbage: (why: string) => this.garbage(why) };
    const f = config.framing;
    this.framer =
      f.type === 'lines'
        ? new LineFramer(f.maxLength, sink)
        : f.type === 'slip'
          ? new SlipFramer(sink)
          : new CobsFramer(sink);
  }

  get id(): string {
    return this.config.id;
  }

  protected async connect(abort: AbortSignal): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: this.config.baudRate, autoOpen: false });
    this.port = port;
    // an open cannot be called off half way: wait for it, so that disconnect() finds the port it must close
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(new Error(`serial ${this.path} cannot be opened: ${err.message}`)) : resolve()));
    });
    if (abort.aborted) throw abort.reason;
    port.on('data', (d: Buffer) => {
      this.beat();
      this.framer.push(d);
    });
    port.on('error', (err) => this.lost(err));
    port.on('close', (err?: Error & { disconnected?: boolean }) =>
      this.lost(err ?? new Error(`serial ${this.path} closed`)),
    );
    this.beat();
    this.onRelease(watchPresence(this.path, (err) => this.lost(err), PRESENCE_MS));
  }

  protected async disconnect(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.heartbeat = undefined;
    if (port?.isOpen) {
      // a port whose device vanished can leave close() waiting forever: give it a moment, then let go
      const closed = new Promise<boolean>((r) => port.close(() => r(true)));
      const late = new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_MS).unref());
      if (!(await Promise.race([closed, late]))) port.destroy();
    }
  }

  /** text framings: `channel=value\n` (json: {"channel": value}); binary framings: the bytes of a number[] value, framed */
  async write(channel: string, value: Value): Promise<void> {
    const port = this.port;
    if (this.state !== 'open' || !port?.isOpen) throw new Error(`serial "${this.id}" is not open (${this.state})`);
    const f = this.config.framing;
    let data: Uint8Array;
    if (f.type === 'lines')
      data = Buffer.from(
        f.format === 'json'
          ? `${JSON.stringify({ [channel]: value })}\n`
          : `${channel}=${Array.isArray(value) ? value.join(',') : String(value)}\n`,
      );
    else if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256))
      data = f.type === 'cobs' ? cobsEncode(Uint8Array.from(value)) : slip.encode(Uint8Array.from(value));
    else throw new Error(`serial "${this.id}" (${f.type}) writes byte arrays, not ${JSON.stringify(value)}`);
    await new Promise<void>((resolve, reject) =>
      port.write(Buffer.from(data), (err) => (err ? reject(err) : port.drain(() => resolve()))),
    );
  }

  private frame(f: Uint8Array): void {
    const framing = this.config.framing;
    let entries: [string, Value][];
    try {
      if (framing.type !== 'lines') entries = parseBinary(f, framing.fields);
      else {
        const line = Buffer.from(f).toString('utf8').trim();
        entries =
          framing.format === 'kv'
            ? parseKv(line)
            : framing.format === 'csv'
              ? parseCsv(line, framing.fields)
              : parseJson(line);
      }
    } catch (err) {
      return this.garbage(err instanceof BadRecord ? err.message : 'unreadable');
    }
    this.counters.records++;
    const t = performance.now();
    for (const [channel, value] of entries) {
      this.emitSignal({ source: `serial:${this.id}`, channel, value, t });
    }
  }

  private garbage(why: string): void {
    this.counters.garbage++;
    const kind = why.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N');
    if (this.logged.has(kind)) return;
    this.logged.add(kind);
    this.log.warn({ device: this.id, why }, 'garbage on a serial line dropped (counted; logged once per kind)');
  }

  /** (re)arms the heartbeat: a device silent for heartbeatSeconds is lost */
  private beat(): void {
    const seconds = this.config.heartbeatSeconds;
    if (!seconds || (this.state !== 'opening' && this.state !== 'open')) return;
    if (this.heartbeat) return void this.heartbeat.refresh();
    this.heartbeat = this.after(seconds * 1000, () => {
      this.heartbeat = undefined;
      this.lost(new Error(`serial "${this.id}" sent nothing for ${seconds} s`));
    });
  }
}
