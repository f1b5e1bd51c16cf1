import { EV_ABS, EV_KEY, EV_SYN } from './codes.ts';

/** struct input_event on 64-bit Linux: struct timeval (2 x 8 bytes), type u16, code u16, value s32 */
export const EVENT_SIZE = 24;

export interface InputEvent {
  type: number;
  code: number;
  value: number;
}

/**
 * Splits a stream of input_event records; a chunk may end mid-record (the rest is kept for the next).
 * Only SYN, KEY and ABS events are returned: a pad's other events (MSC scan codes, FF status) carry no input.
 */
export class EventSplitter {
  private rest = Buffer.alloc(0);

  push(chunk: Buffer): InputEvent[] {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const whole = data.length - (data.length % EVENT_SIZE);
    const out: InputEvent[] = [];
    for (let at = 0; at < whole; at += EVENT_SIZE) {
      const type = data.readUInt16LE(at + 16);
      if (type !== EV_SYN && type !== EV_KEY && type !== EV_ABS) continue;
      out.push({ type, code: data.readUInt16LE(at + 18), value: data.readInt32LE(at + 20) });
    }
    this.rest = Buffer.from(data.subarray(whole));
    return out;
  }
}

/** one input_event as the kernel writes it (for tests and the uinput rig's peers) */
export function encodeEvent(e: InputEvent, seconds = 0): Buffer {
  const b = Buffer.alloc(EVENT_SIZE);
  b.writeBigInt64LE(BigInt(Math.floor(seconds)), 0);
  b.writeUInt16LE(e.type, 16);
  b.writeUInt16LE(e.code, 18);
  b.writeInt32LE(e.value, 20);
  return b;
}
