/**
 * The console and display namespaces under fuzzing (fast-check) against a whole runtime: real socket.io
 * clients send every event name the server knows and random ones, with random arguments (wrong types, huge
 * strings, nested objects, binary, with and without acks). The runtime stays up (/healthz answers, the loop
 * keeps stepping), nothing is left unhandled, a refusal that is acked says why, and a viewer cannot operate.
 * FUZZ_RUNS=100000 runs the soak (README "Operations").
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { AccountStore } from '../../runtime/accounts/store.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';
import { fuzzRuns } from '../helpers/fuzz-runs.ts';

const RUNS = fuzzRuns(150).numRuns;

const CONSOLE_EVENTS = [
  'session:start', 'session:reset', 'blackout', 'snapshot', 'instruct', 'transport', 'input', 'projection:set',
  'projection:pattern', 'projection:reset', 'accounts:list', 'accounts:set', 'accounts:remove', 'bookmark',
  'recall', 'cue', 'schedule', 'rehearsal', 'visits:continue', 'phones:approve', 'phones:reject', 'phones:ban',
  'phones:mode', 'phones:vote', 'phones:close-vote',
]; // prettier-ignore
const DISPLAY_EVENTS = ['input', 'alive', 'surface', 'surface-preview', 'surface-recording'];

let runtime: Runtime;
let url: string;
const sockets: Socket[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

function connect(path: string, opts: { auth?: Record<string, string>; query?: Record<string, string> }) {
  const socket = io(`${url}${path}`, { ...opts, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  ({ runtime, url } = await startRuntime({ phones: { enabled: true, recording: { enabled: true } } }));
  const accounts = new AccountStore(runtime.config.stateDir);
  await accounts.set('vic', 'viewer', 'vic-password');
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  for (const s of sockets) s.disconnect();
  await runtime?.close();
});

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom('x'.repeat(60_000), -1, 1e308, Number.NaN, '', 'go', 'record', 'open', 'main', '../../etc'),
  fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
  fc.constantFrom(
    { name: 'fuzz', role: 'admin', password: 'p' },
    { kind: 'key', code: 'KeyW', down: true },
    {
      corners: [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    },
  ),
);
const call = (names: string[]) =>
  fc.record({
    name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, fc.string({ maxLength: 30 })),
    args: fc.array(value, { maxLength: 4 }),
    ack: fc.boolean(),
  });

/** acks that came back: each must be an answer, and a refusal must say why */
const acks: unknown[] = [];
function emit(socket: Socket, c: { name: string; args: unknown[]; ack: boolean }): void {
  if (['connect', 'disconnect', 'connect_error', 'disconnecting', 'newListener', 'removeListener'].includes(c.name))
    return; // reserved by socket.io's client: it refuses to send them
  if (c.ack) socket.emit(c.name, ...c.args, (a: unknown) => acks.push(a));
  else socket.emit(c.name, ...c.args);
}

async function stillUp(stepsBefore: number): Promise<void> {
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  await until(async () => (await status(url)).model.steps > stepsBefore, 'the loop still stepping');
  expect(unhandled).toEqual([]);
  for (const a of acks) {
    expect(a).toBeTypeOf('object');
    const answer = a as { ok?: unknown; error?: unknown };
    if (answer.ok === false) expect(answer.error).toMatch(/\S/);
  }
}

describe('console and display events under fuzzing', () => {
  it('an admin console and a display page sending anything: the runtime stays up', async () => {
    const steps = (await status(url)).model.steps;
    let admin = await connect('/console', { auth: { password: PASSWORD } });
    let display = await connect('/display', { query: { id: 'main' } });
    await fc.assert(
      fc.asyncProperty(fc.array(call(CONSOLE_EVENTS), { maxLength: 5 }), call(DISPLAY_EVENTS), async (calls, d) => {
        // a client the server dropped (a packet over maxHttpBufferSize) comes back, as a page would
        if (!admin.connected) admin = await connect('/console', { auth: { password: PASSWORD } });
        if (!display.connected) display = await connect('/display', { query: { id: 'main' } });
        for (const c of calls) emit(admin, c);
        emit(display, d);
        // one answered round trip (or the server dropping it): everything sent before it was handled
        await new Promise<void>((resolve) => {
          const done = () => {
            admin.off('disconnect', done);
            resolve();
          };
          admin.once('disconnect', done);
          admin.emit('accounts:list', done);
        });
      }),
      { numRuns: RUNS },
    );
    await stillUp(steps);
  });

  it('a viewer console sending every operator event with good arguments does none of them', async () => {
    const viewer = await connect('/console', { auth: { user: 'vic', password: 'vic-password' } });
    const before = await status(url);
    const audit = runtime.audit!.history().length;
    const answers: { ok: boolean; error?: string }[] = [];
    const ack = (a: { ok: boolean; error?: string }) => answers.push(a);
    viewer.emit('session:start');
    viewer.emit('blackout', true);
    viewer.emit('instruct', 'a viewer writes', ack);
    viewer.emit('snapshot', undefined, ack);
    viewer.emit('transport', 'pause', 1);
    viewer.emit('accounts:set', { name: 'mallory', role: 'admin', password: 'mallory-password' }, ack);
    viewer.emit('accounts:list', ack);
    viewer.emit('projection:reset', 'main', ack);
    viewer.emit('bookmark', 'viewer');
    viewer.emit('cue', 'go');
    viewer.emit('rehearsal', 'record');
    viewer.emit('phones:mode', 'auto', ack);
    viewer.emit('phones:vote', ['sea', 'forest'], 30, ack);
    viewer.emit('visits:continue', 'ABCD1234', ack);
    await until(() => answers.length >= 8, 'the refusals acked');
    for (const a of answers) expect(a).toMatchObject({ ok: false, error: expect.stringMatching(/^a viewer may not /) });
    const after = await status(url);
    expect(after.blackout).toBe(before.blackout);
    expect(after.session.phase).toBe(before.session.phase);
    expect(after.transport.paused).toBe(before.transport.paused);
    expect(after.bookmarks).toEqual(before.bookmarks);
    expect(after.rehearsal).toEqual(before.rehearsal);
    expect(after.phones).toMatchObject({ mode: before.phones?.mode });
    expect(await new AccountStore(runtime.config.stateDir).list()).not.toContainEqual(
      expect.objectContaining({ name: 'mallory' }),
    );
    // nothing done is nothing audited as done
    expect(runtime.audit!.history().slice(audit)).toEqual([]);
  });
});
