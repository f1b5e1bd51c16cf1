/** The Output contract for the speaker output, playing through pacat into a private PulseAudio daemon's null sink. */
import { afterAll, beforeAll } from 'vitest';
import { modelChunk } from '../../test/helpers/speaker-feed.ts';
import { startPulse, TEST_SINK, type PulseRig } from '../../test/rigs/pulse.ts';
import { outputContract, untilState } from '../output.contract.ts';
import { SpeakerOutput } from './output.ts';
import { speakerSchema } from './schema.ts';

let pulse: PulseRig;
beforeAll(async () => {
  pulse = await startPulse();
});
afterAll(async () => {
  await pulse?.stop();
});

outputContract('speaker', async (log) => {
  const output = new SpeakerOutput(speakerSchema.parse({ id: 'hall', device: TEST_SINK }), log, {
    env: pulse.env,
    closeDeadlineMs: 200,
  });
  let step = 0;
  return {
    output,
    // the first chunk starts the player; it is open once the sink took it
    connect: async () => {
      output.presentAudio(modelChunk(step++));
      await untilState(output, 'open');
    },
    present: () => output.presentAudio(modelChunk(step++)),
  };
});
