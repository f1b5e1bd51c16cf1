import { describe, expect, it } from 'vitest';
import { PresenceGate } from './presence.ts';

/** presence after each of the (faces, energy) frames */
function trace(gate: PresenceGate, frames: [number, number][]): string {
  return frames.map(([f, e]) => (gate.update(f, e) ? '1' : '0')).join('');
}

describe('PresenceGate', () => {
  it('needs enterFrames frames of evidence in a row, so a one-frame glitch is ignored', () => {
    const gate = new PresenceGate({ enterFrames: 2, holdFrames: 3 });
    expect(
      trace(gate, [
        [0, 0.01],
        [0, 0],
        [0, 0.01],
        [0, 0.01],
        [0, 0.01],
      ]),
    ).toBe('00011');
  });

  it('holds presence holdFrames frames after the last evidence, then lets go', () => {
    const gate = new PresenceGate({ enterFrames: 1, holdFrames: 3 });
    expect(
      trace(gate, [
        [1, 0],
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ]),
    ).toBe('111100');
  });

  it('keeps presence on weaker motion than it takes to start it (hysteresis)', () => {
    const gate = new PresenceGate({ motionOn: 0.002, motionOff: 0.001, enterFrames: 1, holdFrames: 0 });
    expect(
      trace(gate, [
        [0, 0.0015],
        [0, 0.0025],
        [0, 0.0015],
        [0, 0.0012],
        [0, 0.0005],
        [0, 0.0015],
      ]),
    ).toBe('011100');
  });

  it('counts a face as evidence without any motion (a visitor standing still)', () => {
    const gate = new PresenceGate({ enterFrames: 2, holdFrames: 0 });
    expect(
      trace(
        gate,
        Array.from({ length: 6 }, (): [number, number] => [1, 0]),
      ),
    ).toBe('011111');
  });

  it('is a function of the frames only: a reset replays the same answers', () => {
    const frames: [number, number][] = Array.from({ length: 40 }, (_, i) => [i % 7 === 0 ? 1 : 0, (i % 5) * 0.0008]);
    const gate = new PresenceGate();
    const first = trace(gate, frames);
    gate.reset();
    expect(trace(gate, frames)).toBe(first);
  });

  it('refuses an off threshold above the on threshold', () => {
    expect(() => new PresenceGate({ motionOn: 0.001, motionOff: 0.002 })).toThrow(/motionOff/);
  });
});
