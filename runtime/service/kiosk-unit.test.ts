import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { kioskUnitFile } from './kiosk-unit.ts';

const run = promisify(execFile);
const unit = kioskUnitFile({
  config: 'config/default.yaml',
  workDir: process.cwd(),
  node: process.execPath,
  runtimeUnit: 'nacre.service',
});

describe("the kiosk browsers' user unit", () => {
  it('lives in the graphical session, waits for the runtime unit, restarts always', () => {
    expect(unit).toMatch(/^PartOf=graphical-session\.target$/m);
    expect(unit).toMatch(/^After=graphical-session\.target$/m);
    expect(unit).toMatch(/^WantedBy=graphical-session\.target$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^ExecStartPre=.*systemctl is-enabled --quiet nacre\.service && ! systemctl is-active/m);
    expect(unit).toContain(`runtime/cli/index.ts kiosk --config ${join(process.cwd(), 'config/default.yaml')}`);
    expect(unit).not.toMatch(/^User=/m); // a user unit runs as its user
  });

  it('is what `nacre service install --kiosk --dry-run` prints', async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'runtime/cli/index.ts',
      'service',
      'install',
      '--kiosk',
      '--dry-run',
      '--config',
      'config/default.yaml',
    ]);
    expect(stdout).toBe(unit);
  });

  it.runIf(existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze --user verify', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nacre-kiosk-unit-'));
    try {
      const path = join(dir, 'nacre-kiosk-test.service');
      await writeFile(path, unit);
      // a user manager for the check: its runtime folder (no desktop session needed)
      const env = {
        ...process.env,
        XDG_RUNTIME_DIR: await mkdtemp(join(dir, 'run-')),
      };
      const { stderr } = await run('systemd-analyze', ['--user', 'verify', '--man=no', path], { env }).catch(
        (err: { stderr: string; code: number }) => {
          throw new Error(`systemd-analyze verify failed (${err.code}): ${err.stderr}`);
        },
      );
      expect(stderr.split('\n').filter((l) => l.includes('nacre-kiosk-test.service'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
