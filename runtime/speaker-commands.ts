/** A speaker change as the console, an HTTP body or an OSC message spells it (README "Speakers"). */
import { SpeakerChangeError } from '../displays/speaker/controls.ts';
import type { SpeakerChange } from '../displays/speaker/output.ts';
import { isOn, type Signal } from './core/signals.ts';

const SHAPES = '{"level": dB}, {"mute": true|false, "channel"?: n} or {"tone": channel, "seconds"?: s}';

/** the change a loose object asks for; SpeakerChangeError when it is none of the three */
export function speakerChange(body: unknown): SpeakerChange {
  const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const number = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
  const optional = (v: unknown) => (v === undefined || v === null ? undefined : number(v));
  if ('level' in b) return { level: number(b.level) };
  if ('mute' in b) {
    if (typeof b.mute !== 'boolean') throw new SpeakerChangeError('mute is true or false');
    return { mute: b.mute, channel: optional(b.channel) };
  }
  if ('tone' in b) return { tone: number(b.tone), seconds: optional(b.seconds) };
  throw new SpeakerChangeError(`a speaker change is ${SHAPES}`);
}

const ADDRESS = /^\/nacre\/speaker\/([^/]+)\/(level|mute|tone)(?:\/(\d+))?$/;

/**
 * `/nacre/speaker/<id>/level <dB>`, `/mute <0|1>`, `/mute/<channel> <0|1>`, `/tone <channel> [seconds]`:
 * the speaker and change, undefined for an address that is not a speaker's; SpeakerChangeError for one that is
 * but makes no sense
 */
export function speakerOsc(address: string, value: Signal['value']): { id: string; change: SpeakerChange } | undefined {
  if (!address.startsWith('/nacre/speaker/')) return undefined;
  const m = ADDRESS.exec(address);
  if (!m)
    throw new SpeakerChangeError(`${address}: a speaker's addresses end in /level, /mute, /mute/<channel> or /tone`);
  const [, id, verb, channel] = m as unknown as [string, string, string, string | undefined];
  const first = Array.isArray(value) ? value[0] : value;
  if (verb === 'mute')
    return { id, change: { mute: isOn(value), channel: channel === undefined ? undefined : Number(channel) } };
  if (channel !== undefined) throw new SpeakerChangeError(`${address}: only /mute takes a channel in its address`);
  if (verb === 'level') return { id, change: { level: typeof first === 'number' ? first : Number.NaN } };
  const seconds = Array.isArray(value) ? value[1] : undefined;
  return { id, change: { tone: typeof first === 'number' ? first : Number.NaN, seconds } };
}
