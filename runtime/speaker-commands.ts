/** A speaker change as the console, an HTTP body or an OSC message spells it (README "Speakers"). */
import { SpeakerChangeError } from '../displays/speaker/controls.ts';
import type { SpeakerChange } from '../displays/speaker/output.ts';
import type { ToneKind } from '../displays/speaker/test-tone.ts';
import { isOn, type Signal } from './core/signals.ts';

const SHAPES =
  '{"level": dB}, {"mute": true|false, "channel"?: n|name} or {"tone": channel, "seconds"?: s, "kind"?: "sine"|"pink"} (a channel: its number or its name, e.g. "rear-left")';

/** a test signal's kind as given (checked by the speaker) */
const kind = (v: unknown) => (v === undefined || v === null ? undefined : (v as ToneKind));

/** a channel as given: a number, or a name from the sink's channel map (checked by the speaker) */
const channel = (v: unknown): number | string => (typeof v === 'string' ? v : typeof v === 'number' ? v : Number.NaN);

/** the change a loose object asks for; SpeakerChangeError when it is none of the three */
export function speakerChange(body: unknown): SpeakerChange {
  const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const number = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
  const optional = (v: unknown) => (v === undefined || v === null ? undefined : number(v));
  const optionalChannel = (v: unknown) => (v === undefined || v === null ? undefined : channel(v));
  if ('level' in b) return { level: number(b.level) };
  if ('mute' in b) {
    if (typeof b.mute !== 'boolean') throw new SpeakerChangeError('mute is true or false');
    return { mute: b.mute, channel: optionalChannel(b.channel) };
  }
  if ('tone' in b) return { tone: channel(b.tone), seconds: optional(b.seconds), kind: kind(b.kind) };
  throw new SpeakerChangeError(`a speaker change is ${SHAPES}`);
}

const ADDRESS = /^\/nacre\/speaker\/([^/]+)\/(level|mute|tone)(?:\/([^/]+))?$/;

/**
 * `/nacre/speaker/<id>/level <dB>`, `/mute <0|1>`, `/mute/<channel> <0|1>`,
 * `/tone <channel> [seconds] [sine|pink]` (a channel by number or by name, `/mute/rear-left`):
 * the speaker and change, undefined for an address that is not a speaker's; SpeakerChangeError for one that is
 * but makes no sense
 */
export function speakerOsc(
  address: string,
  value: Signal['value'],
  args?: Signal['args'],
): { id: string; change: SpeakerChange } | undefined {
  if (!address.startsWith('/nacre/speaker/')) return undefined;
  const m = ADDRESS.exec(address);
  if (!m)
    throw new SpeakerChangeError(`${address}: a speaker's addresses end in /level, /mute, /mute/<channel> or /tone`);
  const [, id, verb, ch] = m as unknown as [string, string, string, string | undefined];
  const all: readonly unknown[] = args ?? (Array.isArray(value) ? value : [value]);
  const first = all[0];
  if (verb === 'mute')
    return {
      id,
      change: { mute: isOn(value), channel: ch === undefined ? undefined : /^\d+$/.test(ch) ? Number(ch) : ch },
    };
  if (ch !== undefined) throw new SpeakerChangeError(`${address}: only /mute takes a channel in its address`);
  if (verb === 'level') return { id, change: { level: typeof first === 'number' ? first : Number.NaN } };
  // after the channel: a number is the seconds, a string the kind (`/tone 2 pink`, `/tone 2 5 pink`)
  const rest = all.slice(1);
  const seconds = rest.find((v) => typeof v === 'number');
  return { id, change: { tone: channel(first), seconds, kind: kind(rest.find((v) => typeof v === 'string')) } };
}
