/// <reference lib="dom" />
/**
 * Votes: the operator opens a vote among a few instructions; phones (Socket.IO clients, and one phone page in
 * real Chromium) vote once each and see the counts live; the winner reaches the model, named in the log.
 */
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { phoneClient } from '../helpers/phone-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorAck, VoteAck } from '../../runtime/phones/protocol.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
const sockets: Socket[] = [];

const phone = () => phoneClient(url, sockets);

const operator = () => {
  const socket = io(`${url}/console`, { auth: { password: PASSWORD }, transports: ['websocket'] });
  sockets.push(socket);
  return socket;
};
const ask = <A>(socket: Socket, event: string, ...args: unknown[]) =>
  new Promise<A>((resolve) => socket.emit(event, ...args, resolve));

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({
    phones: { enabled: true, voteOnDisplay: true, limits: { connectionsPerAddress: 20 } },
  }));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
  await runtime?.close();
});

describe('votes', () => {
  it('phones vote once each, see the counts live, and the winner is sent to the model', async () => {
    const console = operator();
    const phones = await Promise.all([phone(), phone(), phone()]);
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(`${url}/join`);
    await until(async () => (await page.locator('#who').textContent())?.startsWith('You are phone'), 'the phone page');
    const display = await browser.newPage();
    await display.goto(`${url}/display/main`);
    await until(async () => (await display.locator('#vote-board').count()) === 1, 'the display ready for votes');

    const options = ['a starry night', 'a golden sunset', 'a misty morning'];
    expect(await ask<OperatorAck>(console, 'phones:vote', options, 60)).toEqual({ ok: true });
    expect(await ask<OperatorAck>(console, 'phones:vote', options, 60)).toMatchObject({ ok: false });
    const view = await until(() => phones[0]!.vote(), 'the vote on a phone');
    expect(view.options).toEqual(options);

    const votes = await Promise.all([
      ask<VoteAck>(phones[0]!.socket, 'vote', view.id, 1),
      ask<VoteAck>(phones[1]!.socket, 'vote', view.id, 1),
      ask<VoteAck>(phones[2]!.socket, 'vote', view.id, 0),
    ]);
    expect(votes).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(await ask<VoteAck>(phones[0]!.socket, 'vote', view.id, 2)).toEqual({ ok: false, reason: 'voted' });
    expect(await ask<VoteAck>(phones[0]!.socket, 'vote', view.id, 7)).toEqual({ ok: false, reason: 'invalid' });

    // the phone page shows the counts as they come, and takes its own vote
    const sunset = page.locator('#vote-options button', { hasText: 'a golden sunset' });
    await until(async () => (await sunset.locator('b').textContent()) === '2', 'live counts on the phone page');
    await page.locator('#vote-options button', { hasText: 'a misty morning' }).tap();
    await until(() => phones[1]!.vote()?.counts.join() === '1,2,1', 'the counts on every phone');
    expect(await page.locator('#vote-options button').first().isDisabled()).toBe(true);
    await until(
      async () =>
        (await display.locator('#vote-board').textContent()) === 'a starry night1a golden sunset2a misty morning1',
      'the counts on the display',
    );

    expect(await ask<OperatorAck>(console, 'phones:close-vote')).toEqual({ ok: true });
    await until(async () => (await status(url)).model.style === 'sunset', 'the winner reaches the model');
    expect(runtime.commands.history().at(-1)).toMatchObject({
      text: 'a golden sunset',
      accepted: true,
      from: 'vote 1: 2 of 4 phone(s)',
    });
    await until(() => phones[2]!.vote()?.winner === 1, 'the phones told the winner');
    await until(async () => sunset.evaluate((b) => b.classList.contains('winner')), 'the winner on the phone page');
    expect((await status(url)).phones?.votes).toBe(1);
    expect(await display.locator('#vote-board li.winner').textContent()).toBe('a golden sunset2');
    await page.close();
    await display.close();
  });

  it('a vote closes by itself when its time is up; one nobody voted in sends nothing', async () => {
    const console = operator();
    const one = await phone();
    const before = runtime.commands.history().length;
    expect(await ask<OperatorAck>(console, 'phones:vote', ['rain', 'snow'], 5)).toEqual({ ok: true });
    const open = await until(() => one.vote()?.winner === undefined && one.vote(), 'the vote open');
    await until(() => open.endsAt < Date.now() && one.vote()?.id === open.id && one.vote(), 'its time up', 15_000);
    await until(async () => (await ask<OperatorAck>(console, 'phones:close-vote')).ok === false, 'closed');
    expect(await ask<VoteAck>(one.socket, 'vote', open.id, 0)).toEqual({ ok: false, reason: 'closed' });
    expect(runtime.commands.history().length).toBe(before);
  });

  it('refuses a vote with too few options or an unreasonable duration', async () => {
    const console = operator();
    expect(await ask<OperatorAck>(console, 'phones:vote', ['only one'], 30)).toMatchObject({ ok: false });
    expect(await ask<OperatorAck>(console, 'phones:vote', ['a', 'b'], 1)).toMatchObject({ ok: false });
    expect(await ask<OperatorAck>(console, 'phones:vote', 'a,b', 30)).toMatchObject({ ok: false });
  });
});
