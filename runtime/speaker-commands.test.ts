import { describe, expect, it } from 'vitest';
import { SpeakerChangeError } from '../displays/speaker/controls.ts';
import { speakerChange, speakerOsc } from './speaker-commands.ts';

describe('speaker changes as HTTP and the console spell them', () => {
  it('takes a channel by number or by name, and a test signal kind', () => {
    expect(speakerChange({ mute: true, channel: 'rear-left' })).toEqual({ mute: true, channel: 'rear-left' });
    expect(speakerChange({ mute: false, channel: 2 })).toEqual({ mute: false, channel: 2 });
    expect(speakerChange({ tone: 'rear-left', seconds: 2, kind: 'pink' })).toEqual({
      tone: 'rear-left',
      seconds: 2,
      kind: 'pink',
    });
    expect(speakerChange({ tone: 1 })).toEqual({ tone: 1, seconds: undefined, kind: undefined });
    expect(() => speakerChange({ volume: 1 })).toThrow(SpeakerChangeError);
  });
});

describe('speaker changes as OSC spells them', () => {
  it('takes /mute/<channel> by number or name', () => {
    expect(speakerOsc('/nacre/speaker/quad/mute/2', 1)).toEqual({ id: 'quad', change: { mute: true, channel: 2 } });
    expect(speakerOsc('/nacre/speaker/quad/mute/rear-left', 0)).toEqual({
      id: 'quad',
      change: { mute: false, channel: 'rear-left' },
    });
  });

  it('reads /tone <channel> [seconds] [kind] in either order after the channel', () => {
    expect(speakerOsc('/nacre/speaker/quad/tone', [3, 5])).toEqual({
      id: 'quad',
      change: { tone: 3, seconds: 5, kind: undefined },
    });
    // several arguments with a string among them reach the dictionary joined, each one in `args`
    expect(speakerOsc('/nacre/speaker/quad/tone', 'rear-left pink', ['rear-left', 'pink'])).toEqual({
      id: 'quad',
      change: { tone: 'rear-left', seconds: undefined, kind: 'pink' },
    });
    expect(speakerOsc('/nacre/speaker/quad/tone', '2 4 pink', [2, 4, 'pink'])).toEqual({
      id: 'quad',
      change: { tone: 2, seconds: 4, kind: 'pink' },
    });
    expect(speakerOsc('/nacre/speaker/quad/tone', 'front-left')).toMatchObject({ change: { tone: 'front-left' } });
  });

  it('refuses an address that is not a speaker verb, and leaves other addresses alone', () => {
    expect(() => speakerOsc('/nacre/speaker/quad/tone/2', 1)).toThrow(/only \/mute takes a channel/);
    expect(() => speakerOsc('/nacre/speaker/quad/volume', 1)).toThrow(SpeakerChangeError);
    expect(speakerOsc('/nacre/start', 1)).toBeUndefined();
  });
});
