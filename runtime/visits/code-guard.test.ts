import { expect, it } from 'vitest';
import { CODE_LIMITS, CodeGuard } from './code-guard.ts';

const limits = {
  perEntrant: { points: 3, duration: 600 },
  perAddress: { points: 5, duration: 600 },
  total: { points: 8, duration: 3600 },
};

it('refuses a place that tried too many wrong codes, with the seconds to wait; others go on', async () => {
  const g = new CodeGuard(limits);
  for (let i = 0; i < 3; i++) expect(await g.attempt('display:main', '10.0.0.1')).toBeUndefined();
  expect(await g.attempt('display:main', '10.0.0.1')).toBeGreaterThan(500);
  expect(await g.attempt('phone:7', '10.0.0.2')).toBeUndefined();
  expect(g.refused).toBe(1);
});

it('limits an address across the phones it has, and all places together', async () => {
  const g = new CodeGuard(limits);
  for (let p = 0; p < 5; p++) expect(await g.attempt(`phone:${p}`, '10.0.0.9')).toBeUndefined();
  expect(await g.attempt('phone:99', '10.0.0.9')).toBeDefined(); // a new phone from the same address
  for (let p = 0; p < 3; p++) expect(await g.attempt(`phone:${100 + p}`, `10.0.1.${p}`)).toBeUndefined();
  expect(await g.attempt('phone:200', '10.0.2.1')).toBeGreaterThan(3000); // 8 in all: the hour's ceiling
});

it('a right code gives its attempt back; a thousand at once are counted as a thousand', async () => {
  const g = new CodeGuard(limits);
  for (let i = 0; i < 10; i++) {
    expect(await g.attempt('display:main', '127.0.0.1')).toBeUndefined();
    await g.right('display:main', '127.0.0.1');
  }
  const burst = await Promise.all(Array.from({ length: 1000 }, () => g.attempt('phone:1', '10.0.0.1')));
  expect(burst.filter((w) => w === undefined)).toHaveLength(3);
});

it('the shipped limits make guessing impractical: under one chance in 10,000 a day with 10,000 kept visits', () => {
  const codes = 31 ** 8;
  const perDay = CODE_LIMITS.total.points * (86_400 / CODE_LIMITS.total.duration);
  expect(perDay * (10_000 / codes)).toBeLessThan(1e-4);
});
