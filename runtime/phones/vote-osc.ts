import type { Logger } from '../core/log.ts';
import type { Signal } from '../core/signals.ts';

/** the vote desk as OSC sees it (runtime/phones/vote-desk.ts); undefined while phones are off */
type Votes = { open(options: unknown, seconds: unknown): string | undefined } | undefined;

/**
 * `/nacre/vote <seconds> <option> <option> ...` in the OSC dictionary: opens a vote of the visitors' phones, the
 * way the console's Phones panel does. A refusal (phones off, a vote open already, a bad message) is logged with
 * the sender; the winner goes to the instruction log as the console's votes do.
 */
export class VoteOsc {
  refused = 0;

  constructor(
    private readonly votes: () => Votes,
    private readonly log: Logger,
  ) {}

  handleOsc(address: string, value: Signal['value'], s: Signal): boolean {
    if (address !== '/nacre/vote') return false;
    const [seconds, ...options] = s.args ?? (Array.isArray(value) ? value : [value]);
    const desk = this.votes();
    const error = desk
      ? options.every((o) => typeof o === 'string')
        ? desk.open(options, seconds)
        : 'the options are strings, after the seconds'
      : 'phones are off (phones.enabled)';
    if (error) {
      this.refused++;
      this.log.warn({ source: s.source, error }, 'OSC /nacre/vote refused');
    } else this.log.info({ source: s.source, options, seconds }, 'a vote opened over OSC');
    return true;
  }
}
