/**
 * Reads the FLV stream ffmpeg writes (`-f flv`): the H.264 decoder configuration and one access unit per
 * video tag, AVCC (length-prefixed NAL units), which is what WebCodecs' VideoDecoder takes with a `description`.
 */
export type FlvVideo =
  { kind: 'config'; record: Buffer; codec: string } | { kind: 'frame'; key: boolean; data: Buffer };

const FILE_HEADER = 9 + 4;
const TAG_HEADER = 11;
const AVC = 7;

export class FlvReader {
  private buf: Buffer = Buffer.alloc(0);
  private headerLeft = FILE_HEADER;

  /** feeds bytes; returns the video packets they complete */
  push(chunk: Buffer): FlvVideo[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    if (this.headerLeft) {
      const skip = Math.min(this.headerLeft, this.buf.length);
      if (this.headerLeft === FILE_HEADER && skip >= 3 && this.buf.toString('latin1', 0, 3) !== 'FLV')
        throw new Error('not an FLV stream');
      this.buf = this.buf.subarray(skip);
      this.headerLeft -= skip;
    }
    const out: FlvVideo[] = [];
    while (this.buf.length >= TAG_HEADER) {
      const size = this.buf.readUIntBE(1, 3);
      if (this.buf.length < TAG_HEADER + size + 4) break;
      const type = this.buf[0];
      const body = this.buf.subarray(TAG_HEADER, TAG_HEADER + size);
      this.buf = this.buf.subarray(TAG_HEADER + size + 4);
      if (type === 9) {
        const v = video(body);
        if (v) out.push(v);
      }
    }
    return out;
  }
}

function video(body: Buffer): FlvVideo | undefined {
  if (body.length < 5 || (body[0]! & 0x0f) !== AVC) return undefined;
  const packetType = body[1];
  const data = Buffer.from(body.subarray(5));
  if (packetType === 0) return { kind: 'config', record: data, codec: codecString(data) };
  if (packetType === 1) return { kind: 'frame', key: body[0]! >> 4 === 1, data };
  return undefined;
}

/** avc1.PPCCLL from an AVCDecoderConfigurationRecord (profile, constraint flags, level) */
export function codecString(record: Buffer): string {
  const hex = (i: number) => (record[i] ?? 0).toString(16).padStart(2, '0');
  return `avc1.${hex(1)}${hex(2)}${hex(3)}`;
}
