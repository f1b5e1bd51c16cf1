import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A pty at `link` whose other end prints text forever instead of speaking Firmata (socat). End it with stop(). */
export async function chatteringPty(link: string): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${link}`, 'SYSTEM:while echo not firmata; do sleep 0.05; done'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`cannot run socat (scripts/install-system-packages.sh installs it): ${err.message}`)),
    ),
  );
  for (let i = 0; i < 500 && !existsSync(link); i++)
    await Promise.race([failed, new Promise((r) => setTimeout(r, 10))]);
  if (!existsSync(link)) throw new Error(`socat did not create ${link}`);
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}
