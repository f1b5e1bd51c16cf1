import { describe, expect, it } from 'vitest';
import { sessionConfigSchema, WANDER_MAX_SECONDS } from './config.ts';

describe('session config', () => {
  it('defaults to a wander kiosk: 45 s idle, 600 s visits, 4 s goodbye', () => {
    expect(sessionConfigSchema.parse({})).toEqual({
      mode: 'wander',
      idleSeconds: 45,
      maxSeconds: WANDER_MAX_SECONDS,
      endingSeconds: 4,
    });
    expect(WANDER_MAX_SECONDS).toBe(600);
  });

  it('a show has no time limit unless it sets one', () => {
    expect(sessionConfigSchema.parse({ mode: 'direct' }).maxSeconds).toBe(0);
    expect(sessionConfigSchema.parse({ mode: 'direct', maxSeconds: 5400 }).maxSeconds).toBe(5400);
  });

  it('maxSeconds 0 turns the limit off in wander too', () => {
    expect(sessionConfigSchema.parse({ maxSeconds: 0 }).maxSeconds).toBe(0);
  });

  it('endingSeconds 0 is allowed (no goodbye)', () => {
    expect(sessionConfigSchema.parse({ endingSeconds: 0 }).endingSeconds).toBe(0);
  });

  it.each([
    [{ idleSeconds: 0 }, 'idleSeconds'],
    [{ idleSeconds: -5 }, 'idleSeconds'],
    [{ maxSeconds: -1 }, 'maxSeconds'],
    [{ endingSeconds: -1 }, 'endingSeconds'],
    [{ mode: 'kiosk' }, 'mode'],
    [{ idleSecs: 30 }, ''],
  ])('rejects %j, pointing at the key', (input, key) => {
    const r = sessionConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    if (key) expect(issue?.path).toEqual([key]);
    else expect(issue?.code).toBe('unrecognized_keys');
  });
});
