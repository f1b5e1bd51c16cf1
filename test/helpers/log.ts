import { pino } from 'pino';
import type { Logger } from '../../runtime/core/log.ts';

/** a pino logger whose lines land in `lines`, parsed */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export function memoryLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug', base: undefined },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { log, lines };
}
