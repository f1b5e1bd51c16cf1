import type { Board } from 'johnny-five';
import type { SerialPort } from 'serialport';
import type { Logger } from '../../runtime/core/log.ts';
import type { Value } from '../../runtime/core/signals.ts';
import type { Driver } from '../../runtime/core/driver.ts';
import { BaseDriver } from '../base-driver.ts';
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
  private readonly outputs = new Map<string, Output>();
  private readonly disposers: (() => void)[] = [];
  private readonly lastSent = new Map<string, Value>();

  constructor(
    private readonly config: FirmataConfig,
    private readonly saved: Map<string, Value>,
    log: Logger,
  ) {
    super(log, 'Firmata');
    this.source = `firmata:${config.id}`;
  }

  get id(): string {
    return this.config.id;
  }

  protected async connect(abort: AbortSignal): Promise<void> {
    this.lastSent.clear();
    const { id, path, baudRate, readyTimeoutMs } = this.config;
    this.port = await openPort(path, baudRate, abort);
    this.watch(this.port);
    this.board = await connectBoard(this.port, { id, path, baudRate, readyTimeoutMs }, abort);
    this.board.on('error', (e: unknown) =>
      this.lost(e instanceof Error ? e : new Error(`${path}: ${String((e as { message?: unknown })?.message ?? e)}`)),
    );
    this.attach(this.board);
    const { name, version } = this.board.io.firmware;
    this.log.info(
      { path, firmware: name, version: version && `${version.major}.${version.minor}` },
      'Firmata board ready',
    );
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
    await new Promise<void>((resolve, reject) =>
      port.drain((err) => (err ? reject(new Error(`${this.config.path}: ${err.message}`)) : resolve())),
    );
  }

  private watch(port: SerialPort): void {
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      const why = err?.disconnected
        ? `the board was disconnected (${err.message})`
        : err
          ? err.message
          : 'the port was closed';
      this.lost(new Error(`${this.config.path}: ${why}`, { cause: err }));
    });
    port.on('error', (err: Error) => this.lost(new Error(`${this.config.path}: ${err.message}`, { cause: err })));
    // a yanked board's node goes away even when the port's hangup does not reach serialport
    this.onRelease(
      watchPresence(this.config.path, (err) =>
        this.lost(new Error(`${this.config.path}: the board was disconnected (${err.message})`)),
      ),
    );
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
        this.log.warn(
          { channel, value, err: (err as Error).message },
          'could not re-apply an output state; dropped it',
        );
        this.saved.delete(channel);
      }
    }
  }

  /** frees everything connect() set up, however far it got */
  protected async disconnect(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.outputs.clear();
    if (this.board) releaseBoard(this.board);
    this.board = undefined;
    const port = this.port;
    this.port = undefined;
    const problem = port && (await closePort(port, CLOSE_PORT_MS));
    if (problem) this.log.warn({ path: this.config.path }, problem);
  }

  private emit(channel: string, value: boolean | number): void {
    if (this.lastSent.get(channel) === value) return;
    this.lastSent.set(channel, value);
    this.emitSignal({ source: this.source, channel, value, t: performance.now() });
  }
}
