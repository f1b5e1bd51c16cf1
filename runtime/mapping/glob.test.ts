import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.ts';

describe('compileGlob', () => {
  it('matches a literal pattern exactly and only whole strings', () => {
    const m = compileGlob('key:KeyW');
    expect(m('key:KeyW')).toBe(true);
    expect(m('key:KeyWW')).toBe(false);
    expect(m('xkey:KeyW')).toBe(false);
  });

  it('lets * match any run, including none', () => {
    const m = compileGlob('browser:*');
    expect(m('browser:')).toBe(true);
    expect(m('browser:page-1/tab:2')).toBe(true);
    expect(m('gamepad:1')).toBe(false);
    expect(compileGlob('*:stick')('touch:stick')).toBe(true);
    expect(compileGlob('*:stick')('touch:sticky')).toBe(false);
  });

  it('lets ? match exactly one character', () => {
    const m = compileGlob('axis:?');
    expect(m('axis:0')).toBe(true);
    expect(m('axis:')).toBe(false);
    expect(m('axis:10')).toBe(false);
  });

  it('treats regular-expression syntax as literal characters', () => {
    expect(compileGlob('a.b*')('a.bc')).toBe(true);
    expect(compileGlob('a.b*')('axbc')).toBe(false);
    expect(compileGlob('osc:/fader(1)+*')('osc:/fader(1)+x')).toBe(true);
    expect(compileGlob('[ab]?')('[ab]c')).toBe(true);
    expect(compileGlob('[ab]?')('ac')).toBe(false);
  });
});
