/** A speaker's live settings (master level, mute per speaker and per channel), as the operator changes them. */
import { dbToGain, type OutputGains } from './mixer.ts';
import { MAX_DB, MIN_DB, type SpeakerConfig } from './schema.ts';
import { TONE_KINDS, type ToneKind } from './test-tone.ts';

/** the longest test tone */
export const MAX_TONE_SECONDS = 30;

/** one live change to a speaker: its master level, a mute (whole speaker or one channel), a test tone */
export type SpeakerChange =
  | { level: number }
  | { mute: boolean; channel?: Channel | undefined }
  /** a test signal on speaker channel `tone` for `seconds` (default 3; 0 stops the one playing): the 1 kHz
   *  sine, or pink noise */
  | { tone: Channel; seconds?: number | undefined; kind?: ToneKind | undefined };

/** a speaker channel: its index from 0, or its name in the sink's channel map (`rear-left`) once that is read */
export type Channel = number | string;

/** a speaker as the console and /api/status show it */
export interface SpeakerView {
  id: string;
  /** the sink's channel count (configured, or as many as the model sends; 0 before the first chunk) */
  channels: number;
  /** the sink's name for each channel (PulseAudio's channel map), once read; absent where it is not known */
  channelNames?: string[];
  /** master level, dB */
  level: number;
  mute: boolean;
  mutedChannels: number[];
  delayMs: number[];
  /** the test tone playing now */
  tone?: { channel: number; kind: ToneKind; remainingSeconds: number };
  /** why the model's audio does not play (a matrix that does not fit the model) */
  problem?: string;
}

/** a change that cannot be made (a channel that is not there, a level out of range): nothing changed */
export class SpeakerChangeError extends RangeError {}

export class SpeakerControls {
  level: number;
  mute: boolean;
  private readonly muted: Set<number>;

  constructor(private readonly config: SpeakerConfig) {
    this.level = config.level;
    this.mute = config.mute;
    this.muted = new Set(config.mutedChannels);
  }

  /** level or mute; throws SpeakerChangeError (nothing changed) for a change that cannot be made */
  apply(change: SpeakerChange, channels: number, names: readonly string[] = []): void {
    if ('level' in change) {
      if (typeof change.level !== 'number' || !(change.level >= MIN_DB && change.level <= MAX_DB))
        throw new SpeakerChangeError(`a level is ${MIN_DB} to ${MAX_DB} dB, not ${String(change.level)}`);
      this.level = change.level;
    } else if ('mute' in change) {
      if (typeof change.mute !== 'boolean') throw new SpeakerChangeError('mute is true or false');
      if (change.channel === undefined) this.mute = change.mute;
      else {
        const c = checkChannel(change.channel, channels, names);
        if (change.mute) this.muted.add(c);
        else this.muted.delete(c);
      }
    }
  }

  get mutedChannels(): number[] {
    return [...this.muted].sort((a, b) => a - b);
  }

  /** per speaker channel: volume, level and mute as one linear gain */
  gains(): OutputGains {
    const master = this.mute ? 0 : this.config.volume * dbToGain(this.level);
    return (channel) => (this.muted.has(channel) ? 0 : master);
  }
}

/** `channel` (an index, or a name from `names`) as a speaker channel index, or SpeakerChangeError saying which
 *  channels there are */
export function checkChannel(channel: unknown, channels: number, names: readonly string[] = []): number {
  if (typeof channel === 'number' && Number.isInteger(channel) && channel >= 0 && channel < channels) return channel;
  const named = typeof channel === 'string' ? names.indexOf(channel) : -1;
  if (named >= 0 && named < channels) return named;
  const have = channels > 0 ? `0 to ${channels - 1}` : 'not known until the model sends audio';
  const called = names.length ? ` (${names.join(', ')})` : '';
  throw new SpeakerChangeError(`no channel ${String(channel)}: this speaker's channels are ${have}${called}`);
}

export function checkToneSeconds(seconds: unknown): number {
  if (seconds === undefined) return 3;
  if (typeof seconds === 'number' && seconds >= 0 && seconds <= MAX_TONE_SECONDS) return seconds;
  throw new SpeakerChangeError(`a test tone lasts 0 to ${MAX_TONE_SECONDS} seconds, not ${String(seconds)}`);
}

export function checkToneKind(kind: unknown): ToneKind {
  if (kind === undefined) return 'sine';
  if (TONE_KINDS.includes(kind as ToneKind)) return kind as ToneKind;
  throw new SpeakerChangeError(`a test signal is ${TONE_KINDS.join(' or ')}, not ${String(kind)}`);
}
