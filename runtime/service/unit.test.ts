import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { unitFile } from './unit.ts';

const run = promisify(execFile);
const unit = unitFile({
  config: 'config/default.yaml',
  workDir: process.cwd(),
  user: 'root', // a user that exists on every machine the verifier runs on
  node: process.execPath,
  watchdogSeconds: 30,
});

describe('the systemd unit', () => {
  it('restarts always, feeds a watchdog, runs as its own user', () => {
    expect(unit).toMatch(/^Type=notify$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WatchdogSec=30$/m);
    expect(unit).toMatch(/^NotifyAccess=all$/m);
    expect(unit).toMatch(/^User=root$/m);
    expect(unit).toContain(`runtime/cli/index.ts start --config ${join(process.cwd(), 'config/default.yaml')}`);
  });

  it.runIf(existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze verify', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nacre-unit-'));
    try {
      const path = join(dir, 'nacre-test.service');
      await writeFile(path, unit);
      const { stderr } = await run('systemd-analyze', ['verify', '--man=no', path]).catch(
        (err: { stderr: string; code: number }) => {
          throw new Error(`systemd-analyze verify failed (${err.code}): ${err.stderr}`);
        },
      );
      // warnings about the machine itself (no running systemd in a container) are not about this unit
      expect(stderr.split('\n').filter((l) => l.includes('nacre-test.service'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
