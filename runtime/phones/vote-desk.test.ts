import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { VoteView } from './protocol.ts';
import { VoteDesk, type Audience } from './vote-desk.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

it('live counts go to the consoles four times a second and to the phones once, however fast the votes come', () => {
  const heard: Record<Audience, (VoteView | null)[]> = { phones: [], watchers: [] };
  const sent: string[] = [];
  const desk = new VoteDesk(
    (v, to) => heard[to].push(v),
    (text) => sent.push(text),
    () => false,
  );
  expect(desk.open(['rain', 'snow'], 10)).toBeUndefined();
  expect([heard.phones.length, heard.watchers.length]).toEqual([1, 1]); // the opening goes to both at once
  for (let phone = 1; phone <= 200; phone++) {
    expect(desk.cast(phone, 1, phone % 3 === 0 ? 0 : 1)).toEqual({ ok: true });
    vi.advanceTimersByTime(5); // 200 votes over a second
  }
  expect(heard.watchers.length - 1).toBe(4);
  expect(heard.phones.length - 1).toBe(1);
  vi.advanceTimersByTime(1000);
  expect(heard.phones.at(-1)?.counts).toEqual([66, 134]);
  vi.advanceTimersByTime(10_000); // closed: the result to both, the winner to the model
  expect(heard.phones.at(-1)?.winner).toBe(1);
  expect(heard.watchers.at(-1)?.winner).toBe(1);
  expect(sent).toEqual(['snow']);
});
