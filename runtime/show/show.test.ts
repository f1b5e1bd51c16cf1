import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { parseConfigText } from '../../config/loader.ts';
import { cueTimeline, showSchema } from './schema.ts';

it('the shipped example show is valid', async () => {
  const file = 'config/examples/shows/stage-cues.yaml';
  const show = parseConfigText(await readFile(file, 'utf8'), file, showSchema);
  expect(show.cues.map((c) => c.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
});

it("a cue's timeline: waits delay what follows, ramps and fades run on, the longest end is its duration", () => {
  const cue = showSchema.parse({
    cues: [
      {
        number: 1,
        actions: [{ ramp: 'move', to: [0, 1], seconds: 3 }, { wait: 1 }, { blackout: true, fade: 0.5 }, { wait: 1 }],
      },
    ],
  }).cues[0]!;
  expect(cueTimeline(cue)).toEqual({ at: [0, 0, 1, 1], duration: 3 });
});

it('refuses a show with line and column: a cue number twice, a bad action', () => {
  const text = 'cues:\n  - { number: 1 }\n  - { number: 1, actions: [{ jump: high }] }\n';
  expect(() => parseConfigText(text, 'show.yaml', showSchema)).toThrow(/show\.yaml:3:\d+ cues\.1/);
});
