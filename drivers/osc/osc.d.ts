declare module 'osc' {
  const osc: {
    readPacket(
      data: Uint8Array,
      options: Record<string, unknown>,
      offsetState?: { idx: number },
      len?: number,
    ): unknown;
    writePacket(packet: unknown, options?: Record<string, unknown>): Uint8Array;
    ntpToJSTime(secs1900: number, frac: number): number;
    timeTag(secs: number, now?: number): { raw: [number, number]; native: number };
  };
  export default osc;
}

declare module 'slip' {
  export class Decoder {
    constructor(o: {
      onMessage: (msg: Uint8Array) => void;
      onError?: (msg: Uint8Array, why: string) => void;
      maxMessageSize?: number;
      bufferSize?: number;
    });
    decode(data: Uint8Array): void;
  }
  export function encode(data: Uint8Array): Uint8Array;
  const slip: { Decoder: typeof Decoder; encode: typeof encode };
  export default slip;
}
