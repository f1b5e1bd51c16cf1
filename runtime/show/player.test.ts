import { afterEach, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/log.ts';
import { CuePlayer, type ShowStage } from './player.ts';
import { showSchema } from './schema.ts';

afterEach(() => vi.useRealTimers());

const stage: ShowStage = {
  act: () => undefined,
  hold: () => undefined,
  level: () => undefined,
  held: () => [],
  feedback: () => undefined,
};

it('cues planned for the same moment start in their order, even while the clock moves on as the chain is planned', () => {
  vi.useFakeTimers();
  // a clock that has moved on by a fraction of a millisecond each time it is read, as a busy machine's does
  let t = 0;
  const now = () => (t += 0.3);
  const show = showSchema.parse({
    cues: [
      { number: 4, continue: 'auto-continue', actions: [{ set: 'actions.jump', value: true }] },
      { number: 5, preWait: 0.4, continue: 'auto-follow', actions: [{ set: 'look', value: [0.2, 0] }] },
      { number: 6, actions: [{ release: 'actions.jump' }] },
    ],
  });
  const player = new CuePlayer(show, stage, silentLogger(), now);
  player.go();
  vi.advanceTimersByTime(1000);
  expect(player.fired.map((f) => f.number)).toEqual(['4', '5', '6']);
  player.close();
});
