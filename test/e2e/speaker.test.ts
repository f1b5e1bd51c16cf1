/** The world's sound through a configured speaker output, into a real PulseAudio null sink. */
import { afterAll, beforeAll, it } from 'vitest';
import { record, startPulse, TEST_SINK, type PulseRig } from '../rigs/pulse.ts';
import { goertzel, rms } from '../../displays/speaker/tone.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

let rig: PulseRig;
let runtime: Runtime;
let url: string;
const saved = process.env.PULSE_SERVER;

beforeAll(async () => {
  rig = await startPulse();
  process.env.PULSE_SERVER = rig.env.PULSE_SERVER; // the runtime's players inherit it
  ({ runtime, url } = await startRuntime({ speakers: [{ id: 'room', backend: 'pulse', device: TEST_SINK }] }));
});

afterAll(async () => {
  await runtime?.close();
  await rig?.stop();
  if (saved === undefined) delete process.env.PULSE_SERVER;
  else process.env.PULSE_SERVER = saved;
});

it("plays the model's audio on the system output configured for the speaker", async () => {
  await until(
    async () => (await status(url)).outputs.find((o: { id: string }) => o.id === 'room')?.state === 'open',
    'speaker open',
  );
  // a second of the sink carrying the drone (a loaded machine may glitch a second: another is recorded)
  await until(
    async () => {
      const rec = await record(rig.env);
      await until(() => rec.frames() > 48_000, 'a second of recording');
      const left = (await rec.stop()).filter((_, i) => i % 2 === 0);
      // the default world's day drone is an A major chord on A2: 110 Hz well above a non-chord tone
      return rms(left) > 0.01 && goertzel(left, 110, 48_000) > goertzel(left, 123.5, 48_000) * 5;
    },
    "a second of the world's drone on the sink",
    60_000,
  );
  // the chunks the output was handed (a loaded machine steps slower than the sink plays: waited for, not timed)
  await until(
    async () => ((await status(url)).outputs.find((o: { id: string }) => o.id === 'room')?.presented ?? 0) > 20,
    'more than 20 chunks presented',
  );
});
