import { describe, expect, it } from 'vitest';
import type { Value } from '../core/signals.ts';
import type { MappingInput } from './mapping.ts';
import { ConditionStore } from './store.ts';

/** The keyboard and touch defaults the lead configures, exactly as specified. */
const KEYBOARD: MappingInput[] = [
  { from: { source: 'browser:*', channel: 'key:KeyW' }, to: 'move.y' },
  { from: { source: 'browser:*', channel: 'key:KeyS' }, to: 'move.y', filters: [{ type: 'invert' }] },
  { from: { source: 'browser:*', channel: 'key:KeyD' }, to: 'move.x' },
  { from: { source: 'browser:*', channel: 'key:KeyA' }, to: 'move.x', filters: [{ type: 'invert' }] },
  {
    from: { source: 'browser:*', channel: 'key:ArrowRight' },
    to: 'look.yaw',
    filters: [{ type: 'scale', from: [0, 1], to: [0, 1.5] }],
  },
  {
    from: { source: 'browser:*', channel: 'key:ArrowUp' },
    to: 'look.pitch',
    filters: [{ type: 'scale', from: [0, 1], to: [0, 1] }],
  },
  { from: { source: 'browser:*', channel: 'key:ShiftLeft' }, to: 'actions.sprint' },
  { from: { source: 'browser:*', channel: 'key:Space' }, to: 'actions.jump' },
  { from: { source: 'browser:*', channel: 'key:KeyF' }, to: 'actions.fly', filters: [{ type: 'toggle' }] },
  { from: { source: 'browser:*', channel: 'key:KeyV' }, to: 'perspective', filters: [{ type: 'toggle' }] },
  { from: { source: 'browser:*', channel: 'touch:stick' }, to: 'move', filters: [{ type: 'deadzone', radius: 0.12 }] },
];

function page(id = 'browser:kiosk-1') {
  const store = new ConditionStore({ mappings: KEYBOARD });
  let t = 0;
  const send = (channel: string, value: Value, source = id) => store.ingest({ source, channel, value, t: (t += 16) });
  const key = (code: string, down: boolean, source?: string) => send(`key:${code}`, down, source);
  return { store, send, key };
}

describe('keyboard and touch defaults', () => {
  it('starts neutral with every advertised action released', () => {
    expect(page().store.snapshot()).toEqual({
      move: [0, 0],
      look: [0, 0],
      actions: { sprint: false, jump: false, fly: false },
      perspective: 'first',
    });
  });

  it('WASD walks 8 ways; opposite keys cancel', () => {
    const { store, key } = page();
    key('KeyW', true);
    key('KeyD', true);
    expect(store.snapshot().move).toEqual([1, 1]);
    key('KeyA', true);
    key('KeyS', true);
    expect(store.snapshot().move).toEqual([0, 0]);
    key('KeyW', false);
    key('KeyD', false);
    expect(store.snapshot().move).toEqual([-1, -1]);
  });

  it('arrows turn at 1.5 rad/s and look up at 1 rad/s', () => {
    const { store, key } = page();
    key('ArrowRight', true);
    key('ArrowUp', true);
    expect(store.snapshot().look).toEqual([1.5, 1]);
    key('ArrowRight', false);
    expect(store.snapshot().look).toEqual([0, 1]);
  });

  it('shift sprints while held; a quick space tap jumps for exactly one step', () => {
    const { store, key } = page();
    key('ShiftLeft', true);
    key('Space', true);
    key('Space', false);
    expect(store.snapshot().actions).toMatchObject({ sprint: true, jump: true });
    store.consume();
    expect(store.snapshot().actions).toMatchObject({ sprint: true, jump: false });
  });

  it('F toggles flying on press (auto-repeat ignored) and V toggles third person', () => {
    const { store, key } = page();
    key('KeyF', true);
    key('KeyF', true);
    key('KeyF', false);
    store.consume();
    expect(store.snapshot().actions.fly).toBe(true);
    key('KeyF', true);
    key('KeyF', false);
    store.consume();
    expect(store.snapshot().actions.fly).toBe(false);
    key('KeyV', true);
    key('KeyV', false);
    expect(store.snapshot().perspective).toBe('third');
    key('KeyV', true);
    expect(store.snapshot().perspective).toBe('first');
  });

  it('the touch stick has a radial deadzone and adds to the keys', () => {
    const { store, send, key } = page();
    send('touch:stick', [0.05, 0.1]);
    expect(store.snapshot().move).toEqual([0, 0]);
    send('touch:stick', [0.56, 0]);
    expect(store.snapshot().move[0]).toBeCloseTo(0.5);
    key('KeyA', true);
    expect(store.snapshot().move[0]).toBeCloseTo(-0.5);
  });

  it('a page that disconnects leaves its conditions at the fallback while another page keeps walking', () => {
    const { store, key, send } = page();
    key('KeyW', true, 'browser:a');
    key('ShiftLeft', true, 'browser:a');
    send('touch:stick', [1, 0], 'browser:a');
    key('KeyD', true, 'browser:b');
    store.consume();
    store.sourceLost('browser:a');
    expect(store.snapshot()).toMatchObject({ move: [1, 0], actions: { sprint: false } });
    store.sourceLost('browser:b');
    expect(store.snapshot().move).toEqual([0, 0]);
  });
});
