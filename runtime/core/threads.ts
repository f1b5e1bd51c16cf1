import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from a module next to the caller: the compiled .js, or, run from source, the .ts
 * file through tsx registered inside the worker (Node 20 does not pass `--import` loaders on to workers).
 * `module` is relative to `callerUrl` and named without extension, e.g. spawnWorker(import.meta.url, './worker').
 */
export function spawnWorker(callerUrl: string, module: string): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`${module}.js`, callerUrl));
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL(`${module}.ts`, callerUrl).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(boot, { eval: true });
}
