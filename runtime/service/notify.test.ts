/** The notifications reach a real unix datagram socket given as NOTIFY_SOCKET, through systemd-notify. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test/helpers/wait.ts';
import { loopHealth, ServiceNotifier } from './notify.ts';

const LISTEN = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
while True:
    print(s.recv(4096).decode().replace("\\n", " ").strip(), flush=True)
`;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function notifySocket(): Promise<{ path: string; lines: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-notify-'));
  const path = join(dir, 'notify');
  const child: ChildProcess = spawn('/usr/bin/python3', ['-c', LISTEN, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
  cleanup.push(
    () => void child.kill(),
    () => rm(dir, { recursive: true, force: true }),
  );
  await until(() => lines.includes('listening') && existsSync(path), 'the notify socket bound');
  return { path, lines };
}

describe('ServiceNotifier (sd_notify)', () => {
  it('sends READY with a status, watchdog pings while healthy, and STOPPING', async () => {
    const { path, lines } = await notifySocket();
    const n = new ServiceNotifier({ NOTIFY_SOCKET: path, WATCHDOG_USEC: '200000' });
    expect(n.watchdogIntervalMs).toBe(100);
    await n.ready('exhibit running');
    await until(() => lines.some((l) => l.includes('READY=1') && l.includes('STATUS=exhibit running')), 'READY');
    let healthy = true;
    n.watch(() => healthy);
    await until(() => lines.filter((l) => l.includes('WATCHDOG=1')).length >= 2, 'two watchdog pings');
    healthy = false;
    const pings = lines.filter((l) => l.includes('WATCHDOG=1')).length;
    await n.stopping();
    await until(() => lines.some((l) => l.includes('STOPPING=1')), 'STOPPING');
    // no ping went out once unhealthy (one may have been on its way when it turned)
    expect(lines.filter((l) => l.includes('WATCHDOG=1')).length).toBeLessThanOrEqual(pings + 1);
    expect(n.failed).toBe(0);
  });

  it('does nothing outside systemd', async () => {
    const n = new ServiceNotifier({});
    await n.ready('x');
    n.watch(() => true);
    expect(n.sent).toBe(0);
  });

  it('loopHealth: healthy while the loop steps or the model restarts, not when a running model stops stepping', () => {
    let steps = 0;
    let state = 'running';
    const healthy = loopHealth({ stats: () => ({ steps }) }, () => state);
    expect(healthy()).toBe(true);
    steps = 5;
    expect(healthy()).toBe(true);
    expect(healthy()).toBe(false);
    state = 'restarting';
    expect(healthy()).toBe(true);
  });
});
