/**
 * Starts `nacre model-server` (models/server/serve.py) as a child process and waits for `listening on`; with the
 * python3 `NACRE_PYTHON` names, as `nacre model-server` does (a CUDA torch lives outside Debian's python3).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  /** host:port */
  target: string;
  child: ChildProcess;
  /** everything it logged so far */
  log(): string;
  /** SIGTERM, then its exit code (SIGKILL after timeoutMs) */
  stop(timeoutMs?: number): Promise<number | null>;
}

export function startServer(args: string[], timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.env.NACRE_PYTHON ?? '/usr/bin/python3', ['models/server/serve.py', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (ms = 15_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`model server did not print "listening on" within ${timeoutMs} ms:\n${text}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      const found = /listening on ([\d.]+):(\d+)/.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve({ target: `${found[1]}:${found[2]}`, child, log: () => text, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`model server exited (${code}) before listening:\n${text}`));
    });
  });
}
