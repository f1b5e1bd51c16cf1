// eslint-disable-next-line no-control-regex -- terminal colour codes begin with ESC; they are what is stripped
const ESCAPES = /\x1b\[[0-9;]*[A-Za-z]/g;

/** The last `max` characters a child wrote on stderr: enough for an error message, bounded however chatty it is. */
export class StderrTail {
  private text = '';

  constructor(private readonly max = 4096) {}

  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }

  get all(): string {
    return this.text;
  }

  clear(): void {
    this.text = '';
  }

  /** the last line that says something: not blank, not `chatter`, without terminal escapes */
  lastLine(chatter: RegExp): string {
    const lines = this.text
      .replace(ESCAPES, '')
      .split(/[\r\n]+/)
      .map((l) => l.trim())
      .filter((l) => l && !chatter.test(l));
    return (lines.at(-1) ?? '').slice(0, 200);
  }
}
