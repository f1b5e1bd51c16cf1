/**
 * Cuts a byte stream into frames of exactly `frameBytes`. Each frame is a fresh Uint8Array over its own
 * ArrayBuffer: a consumer may keep it (latest(), snapshots) or transfer it to a worker thread without a copy
 * and without detaching anyone else's frame. A reused buffer would force every consumer that keeps or
 * transfers a frame to copy it first, and a pipe chunk (64 KiB) never holds a whole frame, so each byte is
 * copied exactly once either way: from the pipe's chunk into its frame.
 */
export class FrameAssembler {
  private current: Uint8Array | undefined;
  private filled = 0;

  constructor(
    readonly frameBytes: number,
    private readonly emit: (data: Uint8Array) => void,
  ) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0)
      throw new RangeError(`a frame must be a positive whole number of bytes, not ${frameBytes}`);
  }

  /** bytes of the frame being filled (left over when the stream ends mid-frame) */
  get pending(): number {
    return this.filled;
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const frame = (this.current ??= new Uint8Array(this.frameBytes));
      const n = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameBytes) {
        this.current = undefined;
        this.filled = 0;
        this.emit(frame);
      }
    }
  }
}

/** The last lines a process wrote, bounded in count and length (ffmpeg's stderr, for error messages). */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines = 8,
    private readonly maxLength = 400,
  ) {}

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split(/\r?\n|\r/);
    this.partial = (parts.pop() ?? '').slice(-this.maxLength);
    for (const line of parts) this.add(line);
  }

  /** the kept lines, with a last unterminated one */
  get(): string[] {
    const tail = this.partial.trim() ? [...this.lines, this.partial.trim()] : [...this.lines];
    return tail.slice(-this.maxLines);
  }

  private add(line: string): void {
    const text = line.trim();
    if (!text) return;
    this.lines.push(text.length > this.maxLength ? `${text.slice(0, this.maxLength)}...` : text);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}
