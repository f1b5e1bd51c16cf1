/**
 * A 10-cue show driven by a real OSC peer (liblo's oscsend, a liblo bundle for the double GO), with the
 * feedback and the show's own OSC out heard by oscdump, on the default world.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { libloBundle, oscdump, oscsend } from '../rigs/osc.ts';
import { freePort } from '../helpers/remote.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

const show = (lightsPort: number) => `
goGuardMs: 500
panicSeconds: 0.3
oscOut: 127.0.0.1:${lightsPort}
cues:
  - { number: 1, name: walk in, actions: [{ set: move, value: [0, 0.5] }, { osc: /lights/go, args: [1] }] }
  - { number: 2, name: night, preWait: 0.3, continue: auto-follow, actions: [{ instruct: make it night }] }
  - number: 3
    preWait: 0.2
    continue: auto-follow
    actions: [{ ramp: move.y, to: 1, seconds: 0.5, curve: ease-in-out }]
  - { number: 4, preWait: 0.2, continue: auto-continue, actions: [{ set: actions.jump, value: true }] }
  - { number: 5, preWait: 0.4, continue: auto-follow, actions: [{ set: look, value: [0.2, 0] }] }
  - { number: 6, actions: [{ wait: 0.3 }, { release: actions.jump }] }
  - { number: 7, actions: [{ set: look, value: [0.5, 0] }] }
  - { number: 8, actions: [{ blackout: true, fade: 0.5 }] }
  - { number: 9, actions: [{ blackout: false }] }
  - { number: 10, name: bows, actions: [{ release: all }] }
`;

let runtime: Runtime;
let url: string;
let port: number;
let file: string;
let feedback: ReturnType<typeof oscdump>;
let lights: ReturnType<typeof oscdump>;

beforeAll(async () => {
  port = await freePort();
  const [feedbackPort, lightsPort] = [await freePort(), await freePort()];
  feedback = oscdump(feedbackPort);
  lights = oscdump(lightsPort);
  file = join(await mkdtemp(join(tmpdir(), 'nacre-show-')), 'show.yaml');
  await writeFile(file, show(lightsPort));
  ({ runtime, url } = await startRuntime({
    session: { mode: 'direct' },
    input: { keyboard: 'none', gamepad: 'none' },
    osc: { udp: { address: '127.0.0.1', port }, feedback: { address: '127.0.0.1', port: feedbackPort } },
    show: { file },
  }));
  await until(async () => (await status(url)).drivers.some((d) => d.id === 'osc' && d.state === 'open'), 'OSC open');
});

afterAll(async () => {
  feedback?.stop();
  lights?.stop();
  await runtime?.close();
});

const conditions = async () => (await status(url)).conditions;
const showNow = async () => (await status(url)).show!;

it('GO from the desk, a double GO ignored, an auto-follow chain with pre-waits, feedback and OSC out', async () => {
  expect((await showNow()).standby).toBe('1');
  // two GOs in one bundle: the second lands within the guard
  await libloBundle(port, 0, [
    ['/nacre/cue/go', 1],
    ['/nacre/cue/go', 1],
  ]);
  await until(async () => (await conditions()).move[1] === 0.5, 'cue 1 walking');
  expect((await showNow()).standby).toBe('2');
  await until(() => lights.lines.some((l) => l.includes('/lights/go')), 'cue 1 told the lights');
  expect((await showNow()).ignoredGos).toBe(1);
  expect(runtime.show!.cuePlayer!.fired.map((f) => f.number)).toEqual(['1']);

  await until(async () => (await showNow()).goReady, 'the double-GO guard over');
  await oscsend(port, '/nacre/cue/go');
  await until(async () => (await showNow()).standby === '7' && (await showNow()).running.length === 0, 'chain done');
  // the model takes what the last cue did at its next step
  const c = await until(async () => {
    const now = await conditions();
    return now.actions.jump === false && now;
  }, 'the jump released by cue 6');
  expect(c.move).toEqual([0, 1]);
  expect(c.look).toEqual([0.2, 0]);
  expect((await status(url)).model.style).toBe('night');

  // the chain's starts, in order, each against its plan, measured in model steps
  const fired = runtime.show!.cuePlayer!.fired;
  expect(fired.map((f) => f.number)).toEqual(['1', '2', '3', '4', '5', '6']);
  const planned = fired.slice(1).map((f) => f.planned);
  expect(planned).toEqual([...planned].sort((a, b) => a - b));
  const steps = runtime.loop.requests.map((r) => r.at);
  const gaps = steps.slice(1).map((t, i) => t - steps[i]!);
  const step = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
  const late = fired.slice(1).map((f) => f.actual - f.planned);
  console.log(`cue starts late by ${late.map((l) => l.toFixed(1)).join(', ')} ms; one model step: ${step} ms`);
  for (const l of late) expect(l).toBeLessThan(step);

  expect(feedback.lines.some((l) => l.includes('/nacre/cue/standby') && l.includes('"7"'))).toBe(true);
  expect(feedback.lines.some((l) => l.includes('/nacre/cue/running') && l.includes('3'))).toBe(true);
});

it('start by number, a faded blackout, and panic releases everything', async () => {
  await oscsend(port, '/nacre/cue/8/start');
  await until(async () => (await status(url)).blackout, 'blackout from cue 8');
  await oscsend(port, '/nacre/cue/9/start');
  await until(async () => !(await status(url)).blackout, 'back from cue 9');
  await oscsend(port, '/nacre/cue/7/start');
  await until(async () => (await conditions()).look[0] === 0.5, 'cue 7');
  await oscsend(port, '/nacre/panic');
  await until(async () => runtime.store.overridden('cue').length === 0, 'everything released');
  const c = await until(async () => {
    const now = await conditions();
    return now.move[1] === 0 && now.look[0] === 0 && now;
  }, 'the world at rest');
  expect(c.move).toEqual([0, 0]);
});

it('a broken edit of the show file keeps the running show; a good one is taken', async () => {
  await writeFile(file, 'cues:\n  - { number: 1, preWait: -2 }\n');
  const broken = await until(async () => (await showNow()).error, 'the refusal');
  expect(broken).toMatch(/show\.yaml:2:\d+ .*preWait/);
  expect((await showNow()).cues).toHaveLength(10);
  await writeFile(file, 'cues:\n  - { number: 1, name: only one }\n');
  await until(async () => (await showNow()).cues.length === 1 && !(await showNow()).error, 'the new show');
});
