import { describe, expect, it } from 'vitest';
import { reduceSession, sessionConfigSchema, sessionView } from '../session/machine.ts';
import type { SessionState } from '../session/state.ts';
import { decodeCheckpoint, encodeCheckpoint } from './file.ts';
import { positionOf, positionSchema, stateAt } from './position.ts';

const config = sessionConfigSchema.parse({ mode: 'wander', idleSeconds: 60, maxSeconds: 100 });
const world = { model: 'm', step: 1, tensors: {} };

/** a visit that began at 1000 ms with input until 60000 ms; the kiosk saved at 61000 */
const visit: SessionState = { mode: 'wander', phase: 'active', since: 1000, startedAt: 1000, lastInput: 60_000 };

describe('the session position in a checkpoint', () => {
  it('a visit with 40 s left comes back with 40 s left, however long the kiosk was down', () => {
    const saved = 61_000;
    expect(sessionView(visit, config, saved).remainingSeconds).toBe(40);
    const p = positionOf(visit, saved, '3');
    // another process: performance.now() starts again from a small number
    const back = stateAt(positionSchema.parse(JSON.parse(JSON.stringify(p))), 'wander', 500)!;
    expect(back.phase).toBe('active');
    expect(sessionView(back, config, 500).remainingSeconds).toBe(40);
    expect(reduceSession(back, { type: 'tick', t: 500 + 39_000 }, config).state.phase).toBe('active');
    expect(reduceSession(back, { type: 'tick', t: 500 + 40_001 }, config).state).toMatchObject({
      phase: 'ending',
      reason: 'max-length',
    });
    // its idle countdown too: the last input was 1 s before the save
    expect(sessionView({ ...back, startedAt: 500 }, config, 500).remainingSeconds).toBe(59);
    expect(p.standby).toBe('3');
  });

  it('the goodbye comes back as a goodbye with its reason; a reset under way starts the cycle afresh', () => {
    const ending: SessionState = { ...visit, phase: 'ending', since: 60_500, reason: 'idle' };
    expect(stateAt(positionOf(ending, 61_000), 'wander', 10)).toMatchObject({
      phase: 'ending',
      reason: 'idle',
      since: -490,
    });
    const resetting: SessionState = { ...visit, phase: 'resetting', since: 60_900, reason: 'idle' };
    expect(stateAt(positionOf(resetting, 61_000, null), 'wander', 10)).toEqual({
      mode: 'wander',
      phase: 'attract',
      since: 10,
      lastInput: 10,
    });
  });

  it('a position of another mode, or damaged, is not taken', () => {
    expect(stateAt(positionOf(visit, 61_000), 'direct', 10)).toBeUndefined();
    expect(positionSchema.safeParse({ mode: 'wander', phase: 'gone', sinceMs: 1, lastInputMs: 1 }).success).toBe(false);
    expect(positionSchema.safeParse({ ...positionOf(visit, 61_000), standby: 'x'.repeat(201) }).success).toBe(false);
  });

  it('rides in the checkpoint header and round-trips with the world', () => {
    const position = positionOf(visit, 61_000, null);
    const { bytes } = encodeCheckpoint(world, 5, position);
    expect(decodeCheckpoint(bytes).header.position).toEqual(position);
    expect(decodeCheckpoint(encodeCheckpoint(world, 5).bytes).header.position).toBeUndefined();
  });
});
