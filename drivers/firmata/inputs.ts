import five, { type Board } from 'johnny-five';
import type { InputConfig, Pin } from './schema.ts';

export type Emit = (channel: string, value: boolean | number) => void;

/** Sets up one configured input as a johnny-five part reporting on `channel`; returns what undoes it. */
export function attachInput(board: Board, input: InputConfig, channel: string, emit: Emit): () => void {
  const invert = input.invert ?? input.pullup ?? false;
  switch (input.kind) {
    case 'button': {
      const button = new five.Button({
        board,
        pin: digitalPin(board, input.pin),
        pullup: input.pullup ?? false,
        invert,
      });
      button.on('down', () => emit(channel, true));
      button.on('up', () => emit(channel, false));
      return () => {
        button.removeAllListeners();
        // a button held down runs johnny-five's 'hold' interval until it reads a release, even once the board is gone
        board.io.emit(`digital-read-${button.pin}`, button.upValue);
      };
    }
    case 'switch':
    case 'motion': {
      // not five.Motion: its polling interval can never be stopped (one leaked timer per re-attach) and it mutes
      // a PIR for 2 s of "calibration"; a PIR or proximity output is a debounced digital input like a switch.
      // johnny-five's 'NO' type is what turns the pull-up on
      const sw = new five.Switch({
        board,
        pin: digitalPin(board, input.pin),
        type: input.pullup ? 'NO' : 'NC',
        invert,
      });
      sw.on('close', () => emit(channel, true));
      sw.on('open', () => emit(channel, false));
      return () => sw.removeAllListeners();
    }
    case 'analog': {
      const sensor = new five.Sensor({ board, pin: input.pin, freq: 25, threshold: 1 });
      sensor.on('change', (raw: number) => {
        // before its first reading the sensor reports a median of nothing (0)
        if (sensor.raw !== null) emit(channel, raw / sensor.resolution);
      });
      return () => {
        sensor.disable();
        sensor.removeAllListeners();
      };
    }
  }
}

/** the digital pin number, A0..A5 included (14..19 on an Uno) */
export function digitalPin(board: Board, pin: Pin): number {
  if (typeof pin === 'number') return pin;
  const n = board.io.analogPins[Number(pin.slice(1))];
  if (n === undefined)
    throw new Error(`pin ${pin} does not exist on this board (it reports ${board.io.analogPins.length} analog pins)`);
  return n;
}
