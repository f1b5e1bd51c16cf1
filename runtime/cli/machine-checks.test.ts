import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/remote.ts';
import { diskCheck, machineChecks, portCheck } from './machine-checks.ts';

describe('nacre doctor: the machine', () => {
  it('says how much disk is free, and fails when it is under what is wanted', async () => {
    const ok = await diskCheck('.', 0);
    expect(ok.ok).toBe(true);
    expect(ok.what).toMatch(/^disk: \d+\.\d GB free/);
    expect((await diskCheck('.', 1e9)).ok).toBe(false);
  });

  it('tells a free port from one in use', async () => {
    const port = await freePort();
    expect((await portCheck(port, 'x')).what).toMatch(/free$/);
    const server = createServer().listen(port, '0.0.0.0');
    await new Promise((r) => server.once('listening', r));
    try {
      expect((await portCheck(port, 'x')).what).toMatch(/in use/);
    } finally {
      server.close();
    }
  });

  it('reports disk, ports, audio, udev, GPU and CUDA libraries', async () => {
    const whats = (await machineChecks()).map((c) => c.what.split(':')[0]!.split(' (')[0]);
    expect(whats).toEqual(['disk', 'port 8080', 'port 9000', 'audio', 'udev', 'GPU', 'CUDA libraries']);
  });
});
