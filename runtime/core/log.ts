import { pino, type Logger } from 'pino';

export type { Logger };

/** The root logger; parts take namespaced children (`rootLogger().child({ ns: 'model:onnx' })`). */
let root: Logger | undefined;

export function rootLogger(): Logger {
  root ??= pino({ level: process.env.NACRE_LOG_LEVEL ?? 'info', base: undefined });
  return root;
}

export function logger(ns: string): Logger {
  return rootLogger().child({ ns });
}

/** A logger that drops everything: for tests and tools that report through their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
