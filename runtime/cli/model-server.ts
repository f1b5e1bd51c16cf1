/** nacre model-server: runs the PyTorch model server (models/server/serve.py) with Debian's python3. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../../models/server/serve.py', import.meta.url));
const PYTHON = process.env.NACRE_PYTHON ?? '/usr/bin/python3';

/** passes the arguments through, forwards SIGINT/SIGTERM/SIGHUP, resolves with the server's exit code */
export function modelServer(args: string[]): Promise<number> {
  const child = spawn(PYTHON, [SERVE, ...args], { stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = signals.map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      console.error(
        `nacre model-server: cannot run ${PYTHON}: ${err.message} (scripts/install-system-packages.sh installs it)`,
      );
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    });
  });
}
