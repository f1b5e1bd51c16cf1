import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { kioskUnitFile } from './kiosk-unit.ts';
import { unitFile } from './unit.ts';

const run = promisify(execFile);
const UNIT = 'nacre.service';
const UNIT_DIR = '/etc/systemd/system';

export interface ServiceOptions {
  action: string;
  config: string;
  user: string;
  /** print the unit instead of installing it */
  dryRun: boolean;
  /** the kiosk browsers' user unit instead of the runtime's system unit */
  kiosk?: boolean;
}

const KIOSK_UNIT = 'nacre-kiosk.service';

async function sh(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args);
  return stdout;
}

/** the dedicated system user, created when missing, owning the state folder */
async function ensureUser(user: string, stateDir: string): Promise<void> {
  const exists = await sh('id', ['-u', user]).then(
    () => true,
    () => false,
  );
  if (!exists)
    await sh('useradd', ['--system', '--user-group', '--home-dir', stateDir, '--shell', '/usr/sbin/nologin', user]);
  await mkdir(stateDir, { recursive: true });
  await sh('chown', ['-R', `${user}:${user}`, stateDir]);
}

/** nacre service install|uninstall|status: the exhibit as a systemd service (README "Operations") */
export async function service(o: ServiceOptions): Promise<number> {
  if (o.kiosk) return kioskService(o);
  const workDir = process.cwd();
  const unit = unitFile({ config: o.config, workDir, user: o.user, node: process.execPath, watchdogSeconds: 30 });
  if (o.action === 'install' && o.dryRun) {
    process.stdout.write(unit);
    return 0;
  }
  if (o.action === 'status') {
    const out = await run('systemctl', ['status', UNIT, '--no-pager']).catch((e: { stdout?: string }) => e);
    process.stdout.write(out.stdout ?? '');
    return 0;
  }
  if (process.getuid?.() !== 0) {
    console.error(`nacre service ${o.action} changes the system: run it with sudo (or --dry-run to see the unit)`);
    return 1;
  }
  if (o.action === 'install') {
    await ensureUser(o.user, resolve(workDir, 'var'));
    await writeFile(join(UNIT_DIR, UNIT), unit);
    await sh('systemctl', ['daemon-reload']);
    await sh('systemctl', ['enable', '--now', UNIT]);
    console.log(`installed and started ${UNIT} (user ${o.user}); logs: journalctl -u nacre -f`);
    return 0;
  }
  if (o.action === 'uninstall') {
    await run('systemctl', ['disable', '--now', UNIT]).catch(() => undefined);
    await rm(join(UNIT_DIR, UNIT), { force: true });
    await sh('systemctl', ['daemon-reload']);
    console.log(`removed ${UNIT} (the user ${o.user} and the state folder stay)`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

const USAGE = 'usage: nacre service install|uninstall|status [--config FILE] [--user NAME] [--kiosk] [--dry-run]';

/**
 * nacre service install|uninstall|status --kiosk: the kiosk browsers as a user unit of the desktop user who runs
 * it (no sudo: it lives in ~/.config/systemd/user and starts with that user's graphical session).
 */
async function kioskService(o: ServiceOptions): Promise<number> {
  const workDir = process.cwd();
  const unit = kioskUnitFile({ config: o.config, workDir, node: process.execPath, runtimeUnit: UNIT });
  const dir = join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'systemd', 'user');
  const user = (...args: string[]) => sh('systemctl', ['--user', ...args]);
  if (o.action === 'install' && o.dryRun) {
    process.stdout.write(unit);
    return 0;
  }
  if (o.action === 'status') {
    const out = await run('systemctl', ['--user', 'status', KIOSK_UNIT, '--no-pager']).catch(
      (e: { stdout?: string }) => e,
    );
    process.stdout.write(out.stdout ?? '');
    return 0;
  }
  if (process.getuid?.() === 0) {
    console.error(
      `nacre service ${o.action} --kiosk belongs to the desktop user's session: run it as that user, without sudo`,
    );
    return 1;
  }
  if (o.action === 'install') {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, KIOSK_UNIT), unit);
    await user('daemon-reload');
    await user('enable', '--now', KIOSK_UNIT);
    console.log(`installed and started ${KIOSK_UNIT} (user unit); logs: journalctl --user -u nacre-kiosk -f`);
    return 0;
  }
  if (o.action === 'uninstall') {
    await user('disable', '--now', KIOSK_UNIT).catch(() => undefined);
    await rm(join(dir, KIOSK_UNIT), { force: true });
    await user('daemon-reload');
    console.log(`removed ${KIOSK_UNIT}`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}
