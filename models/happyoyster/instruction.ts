import type { PendingAck } from '../../runtime/core/world-model.ts';
import type { HappyOysterSpec } from './spec.ts';

/** HappyOyster's limit on one instruction */
export const MAX_INSTRUCTION = 2000;

/** why an instruction cannot go to the travel now, or undefined when it can */
export function instructionRefusal(
  mode: HappyOysterSpec['mode'],
  text: string,
  travel: { started: boolean; ended: boolean },
): PendingAck | undefined {
  if (mode === 'adventure')
    return {
      accepted: false,
      effect: 'an Adventure world takes movement, not words (a "directing" world takes instructions)',
    };
  if (!text) return { accepted: false, effect: 'an empty instruction' };
  if (text.length > MAX_INSTRUCTION)
    return {
      accepted: false,
      effect: `too long: ${text.length} characters, HappyOyster takes at most ${MAX_INSTRUCTION}`,
    };
  if (travel.ended) return { accepted: false, effect: 'the travel has ended' };
  if (!travel.started) return { accepted: false, effect: 'the travel has not started yet (no visitor)' };
  return undefined;
}
