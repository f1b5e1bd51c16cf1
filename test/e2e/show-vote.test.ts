/**
 * A cue opens a vote of the visitors' phones: GO over OSC (liblo's oscsend) starts the cue, two Socket.IO phones
 * vote, and the winner reaches the model, named in the instruction log. A cue that finds a vote open is refused
 * in the show's log; `/nacre/vote` opens one over OSC too.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { phoneClient } from '../helpers/phone-client.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { VoteAck } from '../../runtime/phones/protocol.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { freePort } from '../helpers/remote.ts';
import { oscsend } from '../rigs/osc.ts';
import { startRuntime, status, until } from './harness.ts';

const show = `
goGuardMs: 0
cues:
  - number: 1
    name: the crowd decides
    actions: [{ vote: { options: [a starry night, a golden sunset], seconds: 60 } }]
  - { number: 2, name: again while it is open, actions: [{ vote: { options: [rain, snow], seconds: 30 } }] }
`;

let runtime: Runtime;
let url: string;
let port: number;
const sockets: Socket[] = [];

const phone = () => phoneClient(url, sockets);
const cast = (socket: Socket, id: number, option: number) =>
  new Promise<VoteAck>((resolve) => socket.emit('vote', id, option, resolve));

beforeAll(async () => {
  port = await freePort();
  const file = join(await mkdtemp(join(tmpdir(), 'nacre-show-')), 'show.yaml');
  await writeFile(file, show);
  ({ runtime, url } = await startRuntime({
    input: { keyboard: 'none', gamepad: 'none' },
    osc: { udp: { address: '127.0.0.1', port } },
    show: { file },
    phones: { enabled: true },
  }));
  await until(async () => (await status(url)).drivers.some((d) => d.id === 'osc' && d.state === 'open'), 'OSC open');
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await runtime?.close();
});

it('GO on a vote cue opens the vote; phones vote once each; the winner reaches the model', async () => {
  const phones = [await phone(), await phone()];
  await oscsend(port, '/nacre/cue/go');
  const view = await until(() => phones[1]!.vote(), 'the vote on the phones');
  expect(view.options).toEqual(['a starry night', 'a golden sunset']);
  expect(await cast(phones[0]!.socket, view.id, 1)).toEqual({ ok: true });
  expect(await cast(phones[1]!.socket, view.id, 1)).toEqual({ ok: true });
  expect(await cast(phones[1]!.socket, view.id, 0)).toEqual({ ok: false, reason: 'voted' });

  // the next cue would open another: refused, said in the show's log, the open vote goes on
  await oscsend(port, '/nacre/cue/go');
  const failures = await until(async () => (await status(url)).show?.failures, 'the refusal in the show log');
  expect(failures).toEqual([{ cue: '2', error: 'no vote opened: a vote is open already' }]);
  expect(phones[0]!.vote()?.options).toEqual(['a starry night', 'a golden sunset']);

  expect(runtime.phones!.votes.closeNow()).toBeUndefined();
  await until(async () => (await status(url)).model.style === 'sunset', 'the winner reaches the model');
  expect(runtime.commands.history().at(-1)).toMatchObject({
    text: 'a golden sunset',
    accepted: true,
    from: 'vote 1: 2 of 2 phone(s)',
  });
});

it('OSC /nacre/vote <seconds> <option> <option> opens a vote; a bad one is refused and counted', async () => {
  const p = await phone();
  await until(() => p.vote()?.winner !== undefined, 'the last vote closed');
  await oscsend(port, '/nacre/vote', 'iss', 30, 'make it rain', 'make it snow');
  const view = await until(() => (p.vote()?.winner === undefined ? p.vote() : null), 'the OSC vote on the phone');
  expect(view.options).toEqual(['make it rain', 'make it snow']);
  expect(view.id).toBe(2);
  await oscsend(port, '/nacre/vote', 'is', 30, 'only one');
  await oscsend(port, '/nacre/vote', 'iss', 30, 'a', 'b'); // a vote is open already
  await until(() => runtime.visitors.voteOsc.refused === 2, 'both refused');
  expect(runtime.phones!.votes.held).toBe(2);
});
