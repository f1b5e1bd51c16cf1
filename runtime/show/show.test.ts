import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { parseConfigText } from '../../config/loader.ts';
import { silentLogger } from '../core/log.ts';
import { cueTimeline, showSchema } from './schema.ts';
import { RuntimeStage, type StageParts } from './stage.ts';

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

it('a vote cue: 2 to 6 options of text, 5 to 300 seconds; anything else refused with its place', () => {
  const cue = (vote: unknown) => `cues:\n  - number: 1\n    actions: [${JSON.stringify({ vote })}]\n`;
  const ok = parseConfigText(cue({ options: [' rain ', 'snow'], seconds: 30 }), 'show.yaml', showSchema);
  expect(ok.cues[0]!.actions[0]).toEqual({ vote: { options: ['rain', 'snow'], seconds: 30 } });
  for (const bad of [
    { options: ['only one'], seconds: 30 },
    { options: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], seconds: 30 },
    { options: ['a', '  '], seconds: 30 },
    { options: ['a', 'b'], seconds: 1 },
    { options: ['a', 'b'], seconds: 600 },
    { options: ['a', 'b'] },
    { options: ['a', 'b'], seconds: 30, winner: 'a' },
  ])
    expect(() => parseConfigText(cue(bad), 'show.yaml', showSchema), JSON.stringify(bad)).toThrow(/show\.yaml:3:\d+/);
});

it('the stage refuses a vote cue while phones are off, and hands the desk its refusal', () => {
  const parts = {
    store: {},
    commands: {},
    blackout: () => undefined,
    feedback: () => undefined,
    oscOut: () => undefined,
  };
  const off = new RuntimeStage({ ...parts, votes: () => undefined } as unknown as StageParts, silentLogger());
  const vote = { vote: { options: ['rain', 'snow'], seconds: 30 } };
  expect(() => off.act(vote)).toThrow('no vote opened: phones are off (phones.enabled)');
  const opened: unknown[] = [];
  const desk = {
    open: (o: readonly string[], s: number) => (opened.push([o, s]), opened.length > 1 ? 'busy' : undefined),
  };
  const on = new RuntimeStage({ ...parts, votes: () => desk } as unknown as StageParts, silentLogger());
  on.act(vote);
  expect(opened).toEqual([[['rain', 'snow'], 30]]);
  expect(() => on.act(vote)).toThrow('no vote opened: busy');
});
