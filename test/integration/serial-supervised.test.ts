/** The serial driver under the real supervisor, over real pseudo-terminals (socat): unplug and replug. */
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serialFactory } from '../../drivers/serial/factory.ts';
import { serialSchema } from '../../drivers/serial/schema.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import type { Signal } from '../../runtime/core/signals.ts';
import { Supervisor } from '../../runtime/supervisor/supervisor.ts';
import { ptyPair, send, type PtyPair } from '../rigs/socat.ts';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('serial with the supervisor', () => {
  it('re-attaches a device unplugged mid-stream when it comes back, and says lost meanwhile', async () => {
    let pty: PtyPair = await ptyPair();
    const dir = dirname(pty.device);
    const sup = new Supervisor({ log: silentLogger(), initialBackoffMs: 50, maxBackoffMs: 200 });
    cleanup.push(
      () => sup.stop(),
      () => pty.unplug(),
    );
    const signals: Signal[] = [];
    const lost: string[] = [];
    sup.onSignal((s) => signals.push(s));
    sup.onSourceLost((s) => lost.push(s));
    sup.add(serialFactory, serialSchema.parse({ id: 'panel', path: pty.device }));
    sup.start();
    const state = () => sup.status()[0]!.state;
    await vi.waitFor(() => expect(state(), 'open').toBe('open'), { timeout: 5000, interval: 20 });
    await send(pty, 'button=1\n');
    await vi.waitFor(() => expect(signals.length, 'first signal').toBe(1), { timeout: 5000, interval: 20 });
    await pty.unplug();
    await vi.waitFor(() => expect(state() === 'waiting' || state() === 'lost', 'noticed the unplug').toBe(true), {
      timeout: 5000,
      interval: 20,
    });
    expect(lost).toEqual(['serial:panel']);
    pty = await ptyPair(dir); // same by-id style link, new pseudo-terminal behind it
    await vi.waitFor(() => expect(state(), 're-attached').toBe('open'), { timeout: 5000, interval: 20 });
    await send(pty, 'button=0\n');
    await vi.waitFor(() => expect(signals.length, 'signals again').toBe(2), { timeout: 5000, interval: 20 });
    expect(signals.map((s) => s.value)).toEqual([1, 0]);
  });
});
