import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.ts';

function rig() {
  const errors: string[] = [];
  const e = new Emitter<[string, number?]>('test', { error: (m: string) => void errors.push(m) } as never);
  return { e, errors };
}

describe('Emitter', () => {
  it('hands every listener the arguments, and unsubscribing stops them', () => {
    const { e } = rig();
    const heard: unknown[][] = [];
    const off = e.on((...a) => void heard.push(a));
    e.emit('a', 1);
    off();
    e.emit('b');
    expect(heard).toEqual([['a', 1]]);
    expect(e.size).toBe(0);
  });

  it('a listener that throws is logged once per message and the others still hear', () => {
    const { e, errors } = rig();
    const heard: string[] = [];
    e.on(() => {
      throw new Error('broken');
    });
    e.on((s) => void heard.push(s));
    e.emit('x');
    e.emit('y');
    expect(heard).toEqual(['x', 'y']);
    expect(errors).toEqual(['a test listener threw: broken']);
  });
});
