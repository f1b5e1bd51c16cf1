import { describe, expect, it } from 'vitest';
import { ConditionStore } from './mapping/store.ts';
import { OscApi } from './osc-api.ts';
import type { Signal } from './core/signals.ts';
import { WANDER_KEYBOARD } from '../config/keyboard.ts';

function rig() {
  const store = new ConditionStore({ mappings: WANDER_KEYBOARD });
  const calls: string[] = [];
  const entry = (text: string) => ({ at: '', text, accepted: true, effect: '' });
  const api = new OscApi(store, {
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
  });
  const send = (channel: string, value: Signal['value']) =>
    api.handle({ source: 'osc:127.0.0.1:5000', channel, value, t: 0 });
  return { store, calls, send };
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

  it('leaves other addresses to the configured mappings', () => {
    const { send } = rig();
    expect(send('/qlab/cue/7', 1)).toBe(false);
    expect(send('/nacre/unknown', 1)).toBe(false);
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
