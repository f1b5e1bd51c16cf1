import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { Emitter } from '../core/emitter.ts';
import { Ring } from './ring.ts';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** One log line as the console shows it. */
export interface LogLine {
  /** ms since the epoch */
  at: number;
  level: LogLevel;
  /** the part that logged it ("console", "model", "osc-feedback"...) */
  ns?: string;
  msg: string;
  /** the line's other fields, as JSON, cut at DETAIL_CHARS */
  detail?: string;
}

const LEVELS: Record<number, LogLevel> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const DETAIL_CHARS = 400;

/**
 * Fields a log line may carry that the console must never see, at any depth: passwords, tokens, secrets,
 * keys that open something, credentials. The tail censors them; the runtime's own log is left as it was.
 */
export const SECRET_FIELD =
  /pass(word|phrase)?|token|secret|api[-_]?key|display[-_]?key|private[-_]?key|authori[sz]ation|^auth$|cookie|credential/i;

/**
 * The last lines of the runtime's log (info and above), for the console's log tail. `tee()` gives the runtime a
 * logger that writes to the given logger's own destination as before and to this tail.
 */
export class LogTail implements DestinationStream {
  private readonly ring: Ring<LogLine>;
  readonly added: Emitter<[LogLine]>;

  constructor(log: Pick<Logger, 'error'>, capacity = 500) {
    this.ring = new Ring(capacity);
    this.added = new Emitter('log line', log);
  }

  lines(): LogLine[] {
    return this.ring.toArray();
  }

  /** pino's side of the tail: one JSON line at a time */
  write(json: string): void {
    const line = parse(json);
    if (!line) return;
    this.ring.push(line);
    this.added.emit(line);
  }

  /** a logger writing what `log` would write where it would, and info and above to this tail */
  tee(log: Logger): Logger {
    const own =
      log.level === 'silent'
        ? undefined
        : (log as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym];
    const streams: pino.StreamEntry<Level>[] = [{ level: 'info', stream: this }];
    if (own) streams.push({ level: log.level as Level, stream: own });
    const level = own && log.levels.values[log.level]! < log.levels.values.info! ? log.level : 'info';
    const teed = pino({ level, base: undefined }, pino.multistream(streams));
    const bindings = log.bindings();
    return Object.keys(bindings).length ? teed.child(bindings) : teed;
  }
}

function parse(json: string): LogLine | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { level, time, ns, msg, ...rest } = raw;
  const line: LogLine = {
    at: typeof time === 'number' ? time : Date.now(),
    level: LEVELS[typeof level === 'number' ? level : 30] ?? 'info',
    msg: typeof msg === 'string' ? msg : '',
  };
  if (typeof ns === 'string') line.ns = ns;
  if (Object.keys(rest).length) {
    const detail = JSON.stringify(censored(rest, 0));
    line.detail = detail.length > DETAIL_CHARS ? `${detail.slice(0, DETAIL_CHARS)}…` : detail;
  }
  return line;
}

/** the value with every secret field's value replaced; nesting past 6 levels is cut */
function censored(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 6) return '…';
  if (Array.isArray(value)) return value.map((v) => censored(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[redacted]' : censored(v, depth + 1)]),
  );
}
