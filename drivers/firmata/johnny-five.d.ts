/** The part of johnny-five 2.1 (and the firmata.js board under it) this driver uses. */
declare module 'johnny-five' {
  import type { EventEmitter } from 'node:events';

  interface FirmataIO extends EventEmitter {
    readonly MODES: { readonly INPUT: number; readonly OUTPUT: number; readonly ANALOG: number; readonly PWM: number };
    readonly analogPins: number[];
    readonly firmware: { name?: string; version?: { major: number; minor: number } };
    reportVersionTimeoutId?: NodeJS.Timeout;
    pinMode(pin: number, mode: number): void;
  }

  interface BoardOptions {
    /** an opened serialport@13 SerialPort */
    port: EventEmitter & { path: string };
    id?: string;
    repl: false;
    debug: false;
    /** true (the default) installs a process-wide SIGINT handler that exits the process */
    sigint: false;
    timeout?: number;
  }

  interface Part {
    board: Board;
    pin: number | string;
  }

  class Board extends EventEmitter {
    constructor(o: BoardOptions);
    readonly io: FirmataIO;
    readonly isReady: boolean;
    readonly pins: { isPwm(pin: number): boolean };
    /** the connect timer johnny-five arms itself */
    timer: NodeJS.Timeout | null;
    /** every Board ever constructed (a module-level registry) */
    static readonly cache: Board[];
    static readonly Pins: { normalize: { clear(): void } };
  }

  class Button extends EventEmitter {
    constructor(o: Part & { pullup?: boolean; invert?: boolean });
    readonly pin: number;
    readonly upValue: number;
  }

  class Switch extends EventEmitter {
    constructor(o: Part & { type: 'NO' | 'NC'; invert?: boolean });
  }

  class Sensor extends EventEmitter {
    constructor(o: Part & { freq?: number; threshold?: number });
    readonly raw: number | null;
    readonly resolution: number;
    disable(): this;
  }

  class Led {
    constructor(o: Part);
    on(): this;
    off(): this;
    brightness(value: number): this;
    stop(): this;
  }

  class Relay {
    constructor(o: Part & { type?: 'NO' | 'NC' });
    open(): this;
    close(): this;
  }

  const five: {
    Board: typeof Board;
    Button: typeof Button;
    Switch: typeof Switch;
    Sensor: typeof Sensor;
    Led: typeof Led;
    Relay: typeof Relay;
  };
  export default five;
  export type { Board, Button, FirmataIO, Led, Relay, Sensor, Switch };
}
