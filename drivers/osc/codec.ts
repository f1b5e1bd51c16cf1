import osc from 'osc';

/** One OSC message with the time it should take effect (Date.now() ms; undefined = at once). */
export interface TimedMessage {
  address: string;
  args: OscArg[];
  at?: number;
  /** the message's size in the packet */
  bytes?: number;
}

export type OscArg = number | string | boolean | null | Uint8Array;

export class MalformedPacket extends Error {
  override readonly name = 'MalformedPacket';
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

const BUNDLE = Buffer.from('#bundle\0');
const MAX_DEPTH = 8;

/**
 * Decodes a datagram into its messages. Bundles are walked here, with every element's size checked against
 * the packet (osc.js trusts them); messages are decoded by osc.js and must use up their element exactly.
 */
export function decodePacket(data: Uint8Array): TimedMessage[] {
  const out: TimedMessage[] = [];
  walk(data, undefined, 0, out);
  return out;
}

function walk(data: Uint8Array, at: number | undefined, depth: number, out: TimedMessage[]): void {
  if (data.length < 4 || data.length % 4 !== 0)
    throw new MalformedPacket('bad length', `${data.length} bytes is not a positive multiple of 4`);
  if (data[0] === 0x23) return bundle(data, at, depth, out); // '#'
  if (data[0] !== 0x2f) throw new MalformedPacket('not OSC', 'a packet starts with "/" (message) or "#bundle"');
  out.push({ ...message(data), bytes: data.length, ...(at !== undefined ? { at } : {}) });
}

function bundle(data: Uint8Array, outer: number | undefined, depth: number, out: TimedMessage[]): void {
  if (depth >= MAX_DEPTH) throw new MalformedPacket('bundle too deep', `more than ${MAX_DEPTH} nested bundles`);
  if (data.length < 16 || !Buffer.from(data.buffer, data.byteOffset, 8).equals(BUNDLE))
    throw new MalformedPacket('bad bundle', 'no "#bundle" header and time tag');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const secs = view.getUint32(8);
  const frac = view.getUint32(12);
  const own = secs === 0 && frac === 1 ? undefined : osc.ntpToJSTime(secs, frac);
  const at = own === undefined ? outer : Math.max(own, outer ?? 0);
  let i = 16;
  while (i < data.length) {
    if (i + 4 > data.length) throw new MalformedPacket('bad bundle', 'truncated element size');
    const size = view.getInt32(i);
    i += 4;
    if (size <= 0 || size % 4 !== 0 || i + size > data.length)
      throw new MalformedPacket('bad bundle element', `size ${size} at byte ${i - 4} does not fit the packet`);
    walk(data.subarray(i, i + size), at, depth + 1, out);
    i += size;
  }
}

function message(data: Uint8Array): { address: string; args: OscArg[] } {
  const state = { idx: 0 };
  let m: { address: string; args: { type: string; value: unknown }[] };
  try {
    m = osc.readPacket(data, { metadata: true, unpackSingleArgs: false }, state, data.length) as typeof m;
  } catch (err) {
    throw new MalformedPacket('bad message', (err as Error).message.split('\n')[0]!);
  }
  if (state.idx !== data.length)
    throw new MalformedPacket('bad message', `${data.length - state.idx} bytes left over after the arguments`);
  if (typeof m.address !== 'string' || !m.address.startsWith('/'))
    throw new MalformedPacket('bad message', 'no address');
  return { address: m.address, args: (m.args ?? []).map(toArg) };
}

function toArg(a: { type: string; value: unknown }): OscArg {
  switch (a.type) {
    case 'T':
      return true;
    case 'F':
      return false;
    case 'N':
    case 'I':
      return null;
    case 'h':
    case 't':
      return Number(
        (a.value as { high: number; low: number }).high * 2 ** 32 + ((a.value as { low: number }).low >>> 0),
      );
    case 'b':
      return a.value as Uint8Array;
    case 'r':
      return JSON.stringify(a.value);
    default:
      return a.value as number | string;
  }
}

export function encodeMessage(address: string, args: (number | string | boolean)[]): Uint8Array {
  const typed = args.map((v) =>
    typeof v === 'boolean'
      ? { type: v ? 'T' : 'F', value: v }
      : typeof v === 'string'
        ? { type: 's', value: v }
        : Number.isInteger(v)
          ? { type: 'i', value: v }
          : { type: 'f', value: v },
  );
  return osc.writePacket({ address, args: typed }, { metadata: true });
}
