import { describe, expect, it } from 'vitest';
import { EXPIRE_MS, HEARTBEAT_MS, PageHeartbeats } from './page-heartbeats.ts';

describe('PageHeartbeats', () => {
  it('releases a page once when it has been silent for over a second, and again only after it beat again', () => {
    const released: string[] = [];
    const beats = new PageHeartbeats((o) => released.push(o));
    beats.seen('main:a');
    const t0 = performance.now();
    for (let t = t0; t <= t0 + EXPIRE_MS + 3 * HEARTBEAT_MS; t += HEARTBEAT_MS) beats.check(t);
    expect(released).toEqual(['main:a']);
    beats.seen('main:a');
    expect(beats.expired).toBe(1);
  });

  it('expires nobody on a check that came late (the runtime itself was paused, the beats are queued)', () => {
    const released: string[] = [];
    const beats = new PageHeartbeats((o) => released.push(o));
    beats.seen('main:a');
    beats.check(performance.now() + 1500);
    expect(released).toEqual([]);
  });

  it('forgets a page that disconnected', () => {
    const released: string[] = [];
    const beats = new PageHeartbeats((o) => released.push(o));
    beats.seen('main:a');
    beats.gone('main:a');
    const t0 = performance.now();
    for (let t = t0; t <= t0 + 2 * EXPIRE_MS; t += HEARTBEAT_MS) beats.check(t);
    expect(released).toEqual([]);
  });
});
