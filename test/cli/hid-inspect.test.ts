/** `nacre hid inspect` on a real controller's descriptor (a DualShock 4 over Bluetooth, from a file) and a report. */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DS4_BLUETOOTH } from '../../drivers/gamepad/hid/fixtures.ts';

function nacre(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'runtime/cli/index.ts', ...args], { timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });
}

describe('nacre hid inspect', () => {
  it('prints the parsed descriptor and the decoded reports as JSON', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'nacre-hid-')), 'ds4.hex');
    await writeFile(file, Buffer.from(DS4_BLUETOOTH).toString('hex').replace(/(..)/g, '$1 '));
    const r = await nacre(['hid', 'inspect', '--descriptor', file, '--report', '01ff8080802000' + '0c00ff']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.bytes).toBe(DS4_BLUETOOTH.length);
    expect(json.fields.length).toBeGreaterThan(10);
    expect(json.reports[0].decoded).toMatchObject({ X: 1, 'Hat switch': 0 });
  });

  it('says which devices exist when the one asked for is not there', async () => {
    const r = await nacre(['hid', 'inspect', '054c:09cc']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no HID device "054c:09cc"; present: /);
  });
});
