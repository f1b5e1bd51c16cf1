/**
 * The whole runtime on a Scope model folder pointing at the stand-in, with model.fallback: a key or a pad's stick
 * on a display page reaches the stand-in as ctrl_input and comes back as a changed frame on the page; pause and
 * resume reach Scope's `paused`; the stand-in killed
 * mid-visit gives the fallback world at once; back again, the next visit runs on Scope.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { FrameMeta } from '../../runtime/core/display-protocol.ts';
import { startRuntime, status } from '../../test/e2e/harness.ts';
import { ScopeStandIn, writeScopeFolder } from '../../test/rigs/scope/stand-in.ts';

describe('a kiosk on Scope (stand-in)', () => {
  let runtime: Awaited<ReturnType<typeof startRuntime>>['runtime'] | undefined;
  let standIn: ScopeStandIn | undefined;
  let page: Socket | undefined;
  afterAll(async () => {
    page?.close();
    await runtime?.close();
    await standIn?.stop();
  });

  it('W on a display page turns the frames green; Scope killed mid-visit: the fallback world; back: the next visit is on Scope', async () => {
    standIn = await ScopeStandIn.start({ loadDelay: 0.2 });
    const dir = await writeScopeFolder({ url: standIn.url, width: 320, height: 180, frameTimeoutMs: 1000 });
    let url: string;
    ({ runtime, url } = await startRuntime({ model: { path: dir, fallback: 'models/default-320x180' } }));
    const r = runtime;
    await vi.waitFor(async () => expect((await status(url)).model.backend).toMatchObject({ backend: 'scope' }), {
      timeout: 15_000,
    });

    let last: { meta: FrameMeta; rgb: [number, number, number] } | undefined;
    page = io(`${url}/display`, { query: { id: 'main' }, transports: ['websocket'] });
    page.on('frame', (meta: FrameMeta, rgba: ArrayBuffer, ack: () => void) => {
      const px = new Uint8Array(rgba);
      const mid = ((meta.height >> 1) * meta.width + (meta.width >> 1)) * 4;
      last = { meta, rgb: [px[mid]!, px[mid + 1]!, px[mid + 2]!] };
      ack();
    });
    await vi.waitFor(() => expect(last).toBeDefined(), { timeout: 10_000 });
    expect(last!.meta).toMatchObject({ width: 320, height: 180 });

    // attract flies forward (W held by the autopilot): a key starts a visit, W released gives dark frames,
    // and W pressed again turns them green
    page.emit('input', { kind: 'key', code: 'KeyW', down: true });
    page.emit('input', { kind: 'key', code: 'KeyW', down: false });
    await vi.waitFor(() => expect(last?.rgb[1]).toBeLessThan(60), { timeout: 10_000 });
    page.emit('input', { kind: 'key', code: 'KeyW', down: true });
    await vi.waitFor(() => expect(last?.rgb[1]).toBeGreaterThan(180), { timeout: 10_000 });
    expect((await standIn.state()).chunk.button).toEqual(['KeyW']);
    page.emit('input', { kind: 'key', code: 'KeyW', down: false });
    await vi.waitFor(() => expect(last?.rgb[1]).toBeLessThan(60), { timeout: 10_000 });

    // the exhibit's Pause and Resume reach Scope's `paused`; the picture holds with W pressed; no rewind
    const command = async (name: string, body = {}) => {
      const res = await fetch(`${url}/api/commands/${name}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      return { code: res.status, ...((await res.json()) as { result?: { accepted: boolean }; error?: string }) };
    };
    expect((await status(url)).transport).toMatchObject({ available: true, paused: false });
    expect(await command('pause')).toMatchObject({ code: 200, result: { accepted: true } });
    await vi.waitFor(async () => expect((await standIn!.state()).received.at(-1)?.data).toEqual({ paused: true }));
    page.emit('input', { kind: 'key', code: 'KeyW', down: true });
    await new Promise((r) => setTimeout(r, 1500)); // longer than frameTimeoutMs: no fallback either
    expect(last?.rgb[1]).toBeLessThan(60);
    expect((await status(url)).transport).toMatchObject({
      paused: true,
      noRewind: expect.stringMatching(/no history/),
    });
    expect(await command('rewind', { seconds: 4 })).toMatchObject({
      code: 409,
      error: expect.stringMatching(/cannot rewind/),
    });
    expect(await command('resume')).toMatchObject({ code: 200, result: { accepted: true } });
    await vi.waitFor(() => expect(last?.rgb[1]).toBeGreaterThan(180), { timeout: 10_000 });
    expect((await status(url)).model.backend).toMatchObject({ backend: 'scope' });
    page.emit('input', { kind: 'key', code: 'KeyW', down: false });

    // a pad on the display PC (the page's Gamepad API): its left stick forward is KeyW at Scope
    await vi.waitFor(() => expect(last?.rgb[1]).toBeLessThan(60), { timeout: 10_000 });
    page.emit('input', { kind: 'pad', pad: 0, channel: 'left', value: [0, 1] });
    await vi.waitFor(() => expect(last?.rgb[1]).toBeGreaterThan(180), { timeout: 10_000 });
    expect((await standIn.state()).chunk.button).toEqual(['KeyW']);
    page.emit('input', { kind: 'pad', pad: 0, channel: 'left', value: [0, 0] });
    await vi.waitFor(() => expect(last?.rgb[1]).toBeLessThan(60), { timeout: 10_000 });

    const steps = (await status(url)).model.steps;
    await standIn.kill();
    await vi.waitFor(
      async () => {
        const s = await status(url);
        expect(s.model).toMatchObject({ state: 'running', backend: { backend: 'onnx' } });
        expect(s.model.backend?.fallback).toMatch(/Scope at http:\/\/127\.0\.0\.1:\d+ pipeline "waypoint"/);
      },
      { timeout: 10_000 },
    );
    await vi.waitFor(async () => expect((await status(url)).model.steps).toBeGreaterThan(3), { timeout: 10_000 });
    expect(steps).toBeGreaterThan(0);

    await standIn.restart();
    r.commands.reset();
    await vi.waitFor(async () => expect((await status(url)).model.backend).toMatchObject({ backend: 'scope' }), {
      timeout: 20_000,
    });
    page.emit('input', { kind: 'key', code: 'KeyW', down: true });
    await vi.waitFor(() => expect(last?.rgb[1]).toBeGreaterThan(180), { timeout: 10_000 });
  }, 60_000);
});
