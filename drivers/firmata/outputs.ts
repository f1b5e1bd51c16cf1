import five, { type Board } from 'johnny-five';
import type { Value } from '../../runtime/core/signals.ts';
import { digitalPin } from './inputs.ts';
import type { OutputConfig } from './schema.ts';

/** A configured output; `apply` throws, changing nothing, on a value it cannot show. */
export interface Output {
  readonly channel: string;
  apply(value: Value): void;
}

/** Sets the pin's mode and wraps it in a johnny-five Led or Relay. */
export function attachOutput(board: Board, output: OutputConfig, channel: string): Output {
  const pin = digitalPin(board, output.pin);
  if (output.kind === 'relay') {
    // johnny-five's Relay sets no pin mode for a numbered pin
    board.io.pinMode(pin, board.io.MODES.OUTPUT);
    const relay = new five.Relay({ board, pin });
    return { channel, apply: (v) => void (onOff(channel, v) ? relay.close() : relay.open()) };
  }
  const pwm = board.pins.isPwm(pin);
  const led = new five.Led({ board, pin });
  return {
    channel,
    apply(v) {
      if (typeof v === 'number' && v > 0 && v < 1) {
        if (!pwm)
          throw new Error(
            `output "${channel}" (pin ${output.pin}) has no PWM: write true/false, or wire the LED to a PWM pin (Uno: 3, 5, 6, 9, 10, 11)`,
          );
        led.brightness(Math.round(v * 255));
      } else if (onOff(channel, v)) led.on();
      else led.off();
    },
  };
}

function onOff(channel: string, v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  throw new Error(
    `output "${channel}" takes true/false${typeof v === 'number' ? ' or, on a PWM LED, a number 0..1' : ''}; got ${JSON.stringify(v)}`,
  );
}
