import type { Board } from 'johnny-five';
import type { SerialPort } from 'serialport';
import type { Logger } from '../../runtime/core/log.ts';
import type { DriverState, Signal, Value } from '../../runtime/core/signals.ts';
import type { Driver } from '../../runtime/core/driver.ts';
import { BaseDriver } from '../base.ts';
import { watchPresence } from '../presence.ts';
import { connectBoard, releaseBoard } from './board.ts';
import { attachInput } from './inputs.ts';
import { attachOutput, type Output } from './outputs.ts';
import { closePort, openPort } from './port.ts';
import { channelOf, type FirmataConfig } from './schema.ts';

const CLOSE_PORT_MS = 1000;

/**
 * An Arduino running StandardFirmata, through johnny-five on a serial port this driver opens itself. Inputs
 * become Signals from `firmata:<id>`; outputs take write(). `saved` holds the last value written to each
 * output across driver instances (the factory keeps it), and each open re-applies it.
 */
export class FirmataDriver extends BaseDriver implements Driver {
  readonly source: string;
  private port: SerialPort | undefined;
  private board: Board | undefined;
  private releasing: Promise<void> | undefined;
  private opening: AbortController | undefined;
  private stopPresence: (() => void) | undefined;
  private readonly outputs = new Map<string, Output>();
  private readonly disposers: (() => void)[] = [];
  private readonly lastSent = new Map<string, Value>();

  constructor(
    private readonly config: FirmataConfig,
    private readonly saved: Map<string, Value>,
    private readonly log: Logger,
  ) {
    super(log, 'Firmata');
    this.source = `firmata:${config.id}`;
  }

  get id(): string {
    return this.config.id;
  }


  async open(abort: AbortSignal): Promise<void> {
    if (this.state !== 'closed') throw new Error(`Firmata board "${this.id}" is ${this.state}; close it before opening it again`);
    this.setState('opening');
    this.releasing = undefined;
    this.lastSent.clear();
    const opening = (this.opening = new AbortController());
    const onAbort = () => opening.abort(abort.reason);
    abort.addEventListener('abort', onAbort, { once: true });
    if (abort.aborted) onAbort();
    const { id, path, baudRate, readyTimeoutMs } = this.config;
    try {
      this.port = await openPort(path, baudRate, opening.signal);
      this.watch(this.port);
      this.board = await connectBoard(this.port, { id, path, baudRate, readyTimeoutMs }, opening.signal);
      this.board.on('error', (e: unknown) => this.lose(e instanceof Error ? e : new Error(`${path}: ${String((e as { message?: unknown })?.message ?? e)}`)));
      this.attach(this.board);
    } catch (err) {
      await this.release();
      // close() may have taken over meanwhile
      if (this.state === ('opening' as DriverState)) this.setState('closed', err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      abort.removeEventListener('abort', onAbort);
      this.opening = undefined;
    }
    const { name, version } = this.board.io.firmware;
    this.log.info({ path, firmware: name, version: version && `${version.major}.${version.minor}` }, 'Firmata board ready');
    this.setState('open');
  }

  async close(): Promise<void> {
    if (this.state === 'closed' || this.state === 'closing') return this.releasing;
    this.setState('closing');
    this.opening?.abort(new Error(`Firmata board "${this.id}" was closed while opening`));
    await this.release();
    this.setState('closed');
  }



  /** true/false, or 0..1 for an LED on a PWM pin; the value is re-applied whenever the board is opened again */
  async write(channel: string, value: Value): Promise<void> {
    const output = this.outputs.get(channel);
    if (this.state !== 'open' || !this.port) throw new Error(`Firmata board "${this.id}" is not open (${this.state})`);
    if (!output) {
      const known = this.config.outputs.map(channelOf).join(', ') || 'none configured';
      throw new Error(`Firmata board "${this.id}" has no output "${channel}" (outputs: ${known})`);
    }
    output.apply(value);
    this.saved.set(channel, value);
    const port = this.port;
    await new Promise<void>((resolve, reject) => port.drain((err) => (err ? reject(new Error(`${this.config.path}: ${err.message}`)) : resolve())));
  }

  private watch(port: SerialPort): void {
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      const why = err?.disconnected ? `the board was disconnected (${err.message})` : err ? err.message : 'the port was closed';
      this.lose(new Error(`${this.config.path}: ${why}`, { cause: err }));
    });
    port.on('error', (err: Error) => this.lose(new Error(`${this.config.path}: ${err.message}`, { cause: err })));
    // a yanked board's node goes away even when the port's hangup does not reach serialport
    this.stopPresence = watchPresence(this.config.path, (err) => this.lose(new Error(`${this.config.path}: the board was disconnected (${err.message})`)));
  }

  private attach(board: Board): void {
    for (const input of this.config.inputs) {
      this.disposers.push(attachInput(board, input, channelOf(input), (channel, value) => this.emit(channel, value)));
    }
    for (const output of this.config.outputs) {
      const channel = channelOf(output);
      this.outputs.set(channel, attachOutput(board, output, channel));
    }
    for (const [channel, value] of this.saved) {
      const output = this.outputs.get(channel);
      try {
        output?.apply(value);
      } catch (err) {
        this.log.warn({ channel, value, err: (err as Error).message }, 'could not re-apply an output state; dropped it');
        this.saved.delete(channel);
      }
    }
  }

  /** frees everything open() set up, once per open */
  private release(): Promise<void> {
    this.releasing ??= (async () => {
      this.stopPresence?.();
      for (const dispose of this.disposers.splice(0)) dispose();
      this.outputs.clear();
      if (this.board) releaseBoard(this.board);
      this.board = undefined;
      const port = this.port;
      this.port = undefined;
      const problem = port && (await closePort(port, CLOSE_PORT_MS));
      if (problem) this.log.warn({ path: this.config.path }, problem);
    })();
    return this.releasing;
  }

  private lose(err: Error): void {
    if (this.state === 'open') this.setState('lost', err);
  }

  private emit(channel: string, value: boolean | number): void {
    if (this.lastSent.get(channel) === value) return;
    this.lastSent.set(channel, value);
    const s: Signal = { source: this.source, channel, value, t: performance.now() };
    this.emitSignal(s);
  }

}
