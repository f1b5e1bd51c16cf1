import { describe, expect, it } from 'vitest';
import { ConditionStore } from './mapping/store.ts';
import { OscApi, oscVerbs } from './osc-api.ts';
import type { Signal } from './core/signals.ts';
import { WANDER_KEYBOARD } from '../config/keyboard.ts';

function rig(verbs?: (verb: string) => boolean) {
  const store = new ConditionStore({ mappings: WANDER_KEYBOARD });
  const calls: string[] = [];
  const entry = (text: string) => ({ at: '', text, accepted: true, effect: '' });
  const api = new OscApi(
    store,
    {
      instruct: (t) => (calls.push(`instruct ${t}`), entry(t)),
      history: () => [],
      start: () => calls.push('start'),
      reset: () => calls.push('reset'),
      blackout: (on) => calls.push(`blackout ${on}`),
      snapshot: async (camera) => void calls.push(`snapshot ${camera ?? '(first)'}`),
      transport: (action, seconds) => (
        calls.push(`${action}${seconds ? ` ${seconds}` : ''}`),
        { accepted: true, effect: '' }
      ),
      transportStatus: () => ({ available: true, paused: false }),
      bookmark: (name) => (calls.push(`bookmark ${name}`), { accepted: true, effect: '' }),
      recall: (name) => (calls.push(`recall ${name}`), { accepted: true, effect: '' }),
      bookmarks: () => [],
      speakers: () => [],
      speaker: (id, change) => {
        if (id !== 'hall') throw new RangeError(`no speaker "${id}"`);
        calls.push(`speaker ${id} ${JSON.stringify(change)}`);
        return { id, channels: 4, level: 0, mute: false, mutedChannels: [], delayMs: [] };
      },
    },
    verbs,
  );
  const send = (channel: string, value: Signal['value']) =>
    api.handle({ source: 'osc:127.0.0.1:5000', channel, value, t: 0 });
  return { store, calls, send, api };
}

describe('the OSC dictionary', () => {
  it('move and look are cues over the visitors until released', () => {
    const { store, send } = rig();
    store.ingest({ source: 'browser:p', channel: 'key:KeyW', value: true, t: 0 });
    expect(send('/nacre/move', [0.25, 0.5])).toBe(true);
    send('/nacre/look', [0.1, 0]);
    expect(store.snapshot()).toMatchObject({ move: [0.25, 0.5], look: [0.1, 0] });
    send('/nacre/release', true);
    expect(store.snapshot()).toMatchObject({ move: [0, 1], look: [0, 0] });
  });

  it('/nacre/action/<verb> 1 holds the verb, 0 lets it go', () => {
    const { store, send } = rig();
    send('/nacre/action/fly', 1);
    expect(store.snapshot().actions.fly).toBe(true);
    send('/nacre/action/fly', 0);
    store.consume();
    expect(store.snapshot().actions.fly).toBe(false);
  });

  it('prompts, styles, sessions and blackout reach the runtime', () => {
    const { calls, send } = rig();
    send('/nacre/prompt', 'a kitten runs to the girl');
    send('/nacre/style', 'night');
    send('/nacre/session/start', true);
    send('/nacre/session/reset', true);
    send('/nacre/blackout', 1);
    send('/nacre/blackout', false);
    send('/nacre/pause', true);
    send('/nacre/rewind', 8);
    send('/nacre/resume', true);
    send('/nacre/bookmark', 'sunrise');
    send('/nacre/recall', 'sunrise');
    send('/nacre/recall', true);
    expect(calls).toEqual([
      'instruct a kitten runs to the girl',
      'instruct night',
      'start',
      'reset',
      'blackout true',
      'blackout false',
      'pause',
      'rewind 8',
      'resume',
      'bookmark sunrise',
      'recall sunrise',
    ]);
  });

  it('/nacre/speaker/<id>/... sets a level, mutes a speaker or a channel (by number or name), plays a test signal; nonsense is counted', () => {
    const { calls, send, api } = rig();
    expect(send('/nacre/speaker/hall/level', -12)).toBe(true);
    send('/nacre/speaker/hall/mute', 1);
    send('/nacre/speaker/hall/mute/2', false);
    send('/nacre/speaker/hall/tone', 3);
    send('/nacre/speaker/hall/tone', [1, 0.5]);
    send('/nacre/speaker/hall/mute/rear-left', 1);
    // a channel's name and the kind of signal: OSC's string arguments reach the dictionary one by one in `args`
    api.handle({
      source: 'osc:127.0.0.1:5000',
      channel: '/nacre/speaker/hall/tone',
      value: 'rear-left 2 pink',
      args: ['rear-left', 2, 'pink'],
      t: 0,
    });
    expect(calls).toEqual([
      'speaker hall {"level":-12}',
      'speaker hall {"mute":true}',
      'speaker hall {"mute":false,"channel":2}',
      'speaker hall {"tone":3}',
      'speaker hall {"tone":1,"seconds":0.5}',
      'speaker hall {"mute":true,"channel":"rear-left"}',
      'speaker hall {"tone":"rear-left","seconds":2,"kind":"pink"}',
    ]);
    expect(api.speakerRefused).toBe(0);
    expect(send('/nacre/speaker/lobby/level', 0)).toBe(true); // no such speaker
    send('/nacre/speaker/hall/volume', 1);
    send('/nacre/speaker/hall/level/2', 1);
    expect(api.speakerRefused).toBe(3);
    expect(calls).toHaveLength(7);
  });

  it('leaves other addresses to the configured mappings', () => {
    const { send } = rig();
    expect(send('/qlab/cue/7', 1)).toBe(false);
    expect(send('/nacre/unknown', 1)).toBe(false);
  });
});

describe('the OSC dictionary: action verbs are bounded', () => {
  const known = new Set(['jump', 'fly', 'sprint']);

  it('holds only verbs the model advertises or osc.verbs lists; any other is counted and dropped', () => {
    const { store, send, api } = rig((v) => known.has(v));
    for (let i = 0; i < 6000; i++) send(`/nacre/action/made-up-${i}`, 1);
    expect(api.verbsRefused).toBe(6000);
    send('/nacre/action/jump', 1);
    expect(Object.keys(store.snapshot().actions).filter((v) => v.startsWith('made-up'))).toEqual([]);
    expect(store.snapshot().actions.jump).toBe(true);
  });

  it('a verb held by a cue is no longer listed once released', () => {
    const { store, send } = rig();
    const before = Object.keys(store.snapshot().actions);
    for (let i = 0; i < 50; i++) send(`/nacre/action/v${i}`, 1);
    expect(Object.keys(store.snapshot().actions)).toHaveLength(before.length + 50);
    send('/nacre/release', true);
    store.consume(); // the taps were latched: the next step sees them once, then they go
    expect(Object.keys(store.snapshot().actions).sort()).toEqual(before.sort());
    send('/nacre/action/v1', 1);
    send('/nacre/action/v1', 0);
    store.consume();
    expect(Object.keys(store.snapshot().actions).sort()).toEqual(before.sort());
  });

  it('a verb the mappings name stays listed (false) after a cue on it is released', () => {
    const { store, send } = rig();
    const mapped = Object.keys(store.snapshot().actions)[0]!;
    send(`/nacre/action/${mapped}`, 1);
    send('/nacre/release', true);
    store.consume();
    expect(store.snapshot().actions[mapped]).toBe(false);
  });
});

describe('the OSC dictionary: snapshots', () => {
  it('/nacre/snapshot takes a camera picture for a new world, from a named camera or the first', () => {
    const { calls, send } = rig();
    expect(send('/nacre/snapshot', true)).toBe(true);
    expect(send('/nacre/snapshot', 'entrance')).toBe(true);
    expect(calls).toEqual(['snapshot (first)', 'snapshot entrance']);
  });
});

describe('oscVerbs', () => {
  it('allows the model advertised verbs and the configured ones, nothing else', () => {
    const world = { keeper: { manifest: { actions: [{ condition: 'actions.jump' }, { condition: 'move[0]' }] } } };
    const allowed = oscVerbs({ config: { osc: { verbs: ['wave'] } } }, world);
    expect(['jump', 'wave', 'fly', 'move[0]'].map(allowed)).toEqual([true, true, false, false]);
  });
});
