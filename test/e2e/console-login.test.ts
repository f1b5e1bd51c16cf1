/** Password guessing on the console: growing delays per address and account, on new connections and multiplexed. */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { memoryLogger, type LogLine } from '../helpers/log.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';
import type { RuntimeHandle } from '../../runtime/runtime.ts';

let handle: RuntimeHandle;
let url: string;
let lines: LogLine[];

beforeAll(async () => {
  const logged = memoryLogger();
  lines = logged.lines;
  ({ handle, url } = await startRuntime({}, logged.log));
});
afterAll(() => handle.close());

/** one socket.io client login on a new connection: the connect_error's message, or 'connected' */
function login(password: string): Promise<{ message: string; data?: { retryAfterSeconds?: number } }> {
  const socket = io(`${url}/console`, { auth: { password }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.close();
      resolve({ message: 'connected' });
    });
    socket.on('connect_error', (err: Error & { data?: { retryAfterSeconds?: number } }) => {
      socket.close();
      resolve({ message: err.message, ...(err.data ? { data: err.data } : {}) });
    });
  });
}

/** `count` console logins multiplexed on one websocket (raw Socket.IO CONNECT packets): the answers' messages */
async function multiplexed(count: number, password: string): Promise<string[]> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const answers: string[] = [];
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.startsWith('0')) {
      const packet = `40/console,${JSON.stringify({ password })}`;
      for (let i = 0; i < count; i++) ws.send(packet);
    } else if (text === '2') ws.send('3');
    else if (text.startsWith('44/console,')) answers.push((JSON.parse(text.slice(11)) as { message: string }).message);
  });
  await until(() => answers.length === count, `${count} answers on one websocket`);
  ws.close();
  return answers;
}

describe('console login', () => {
  it('a thousand guesses on one websocket: five checked, the rest told to wait; one lockout line', async () => {
    const answers = await multiplexed(1000, 'guess-guess');
    // 5 free, then one per lock; the locks double (1 s, 2 s, 4 s...), so however slow this machine is, only a
    // handful more are checked before all 1000 are answered
    const checked = answers.filter((m) => m === 'unauthorized').length;
    expect(checked).toBeGreaterThanOrEqual(6);
    expect(checked).toBeLessThanOrEqual(12);
    expect(answers.filter((m) => m === 'locked')).toHaveLength(1000 - checked);
    // the right password waits too, with when to try again; it is not even checked
    const right = await login(PASSWORD);
    expect(right.message).toBe('locked');
    expect(right.data?.retryAfterSeconds).toBeGreaterThan(0);
    const lockouts = lines.filter((l) => /locked out/.test(l.msg));
    expect(lockouts.map((l) => l.key)).toEqual(['address']);
    expect(lines.filter((l) => l.level >= 40)).toHaveLength(1); // no warning per attempt
  });
});
