import slip from 'slip';

const MAX_FRAME = 4096;

/** Splits a byte stream into frames; bytes that cannot make a frame are dropped and counted. */
export interface Framer {
  push(chunk: Uint8Array): void;
}

export interface FrameSink {
  frame(f: Uint8Array): void;
  garbage(why: string): void;
}

/** text lines ending in \n (a \r before it is dropped); an over-long line is discarded up to its end */
export class LineFramer implements Framer {
  private buf: number[] = [];
  private overflow = false;

  constructor(
    private readonly maxLength: number,
    private readonly sink: FrameSink,
  ) {}

  push(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (b === 0x0a) {
        if (this.overflow) this.sink.garbage(`a line over ${this.maxLength} bytes`);
        else if (this.buf.length)
          this.sink.frame(Uint8Array.from(this.buf[this.buf.length - 1] === 0x0d ? this.buf.slice(0, -1) : this.buf));
        this.buf = [];
        this.overflow = false;
      } else if (!this.overflow) {
        this.buf.push(b);
        if (this.buf.length > this.maxLength) {
          this.overflow = true;
          this.buf = [];
        }
      }
    }
  }
}

/** SLIP (RFC 1055) through the slip package; frames over 4 KiB are garbage */
export class SlipFramer implements Framer {
  private readonly decoder: InstanceType<typeof slip.Decoder>;

  constructor(sink: FrameSink) {
    this.decoder = new slip.Decoder({
      onMessage: (m) => (m.length ? sink.frame(Uint8Array.from(m)) : undefined),
      onError: () => sink.garbage('a SLIP frame over 4 KiB'),
      maxMessageSize: MAX_FRAME,
    });
  }

  push(chunk: Uint8Array): void {
    this.decoder.decode(chunk);
  }
}

/** COBS (Cheshire & Baker): frames end with 0x00, no 0x00 inside */
export class CobsFramer implements Framer {
  private buf: number[] = [];

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (b !== 0) {
        if (this.buf.length < MAX_FRAME) this.buf.push(b);
        continue;
      }
      const decoded = cobsDecode(this.buf);
      this.buf = [];
      if (decoded) this.sink.frame(decoded);
      else this.sink.garbage('a broken COBS frame');
    }
  }
}

export function cobsDecode(data: readonly number[]): Uint8Array | undefined {
  if (!data.length) return undefined;
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    const code = data[i]!;
    if (code === 0 || i + code > data.length) return undefined; // a block that runs past the frame
    for (let k = i + 1; k < i + code; k++) out.push(data[k]!);
    i += code;
    if (code < 0xff && i < data.length) out.push(0);
  }
  return Uint8Array.from(out);
}

export function cobsEncode(data: Uint8Array): Uint8Array {
  const out: number[] = [0];
  let codeAt = 0;
  let code = 1;
  for (const b of data) {
    if (b === 0) {
      out[codeAt] = code;
      codeAt = out.push(0) - 1;
      code = 1;
    } else {
      out.push(b);
      if (++code === 0xff) {
        out[codeAt] = code;
        codeAt = out.push(0) - 1;
        code = 1;
      }
    }
  }
  out[codeAt] = code;
  return Uint8Array.from([...out, 0]);
}
