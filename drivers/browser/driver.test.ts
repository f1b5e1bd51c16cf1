import { describe, expect, it } from 'vitest';
import type { Signal } from '../../runtime/types.ts';
import { BrowserInputDriver } from './driver.ts';

function recorder() {
  const driver = new BrowserInputDriver();
  const signals: Omit<Signal, 't'>[] = [];
  const lost: string[] = [];
  driver.onSignal(({ source, channel, value }) => signals.push({ source, channel, value }));
  driver.onSourceLost((s) => lost.push(s));
  return { driver, signals, lost };
}

describe('BrowserInputDriver', () => {
  it('turns keys and touches from a page into signals of that page', () => {
    const { driver, signals } = recorder();
    driver.handle('main:a1', { kind: 'key', code: 'KeyW', down: true });
    driver.handle('main:a1', { kind: 'touch', channel: 'stick', value: [0.5, -0.25] });
    expect(signals).toEqual([
      { source: 'browser:main:a1', channel: 'key:KeyW', value: true },
      { source: 'browser:main:a1', channel: 'touch:stick', value: [0.5, -0.25] },
    ]);
  });

  it('releases every held key of a page that blurs or leaves, then reports the source lost', () => {
    const { driver, signals, lost } = recorder();
    driver.handle('p1', { kind: 'key', code: 'KeyW', down: true });
    driver.handle('p1', { kind: 'key', code: 'ShiftLeft', down: true });
    driver.handle('p1', { kind: 'key', code: 'ShiftLeft', down: false });
    driver.handle('p2', { kind: 'key', code: 'KeyA', down: true });
    signals.length = 0;
    driver.release('p1');
    expect(signals).toEqual([{ source: 'browser:p1', channel: 'key:KeyW', value: false }]);
    expect(lost).toEqual(['browser:p1']);
    driver.handle('p2', { kind: 'release-all' });
    expect(lost).toEqual(['browser:p1', 'browser:p2']);
  });

  it('counts and ignores anything malformed', () => {
    const { driver, signals } = recorder();
    const bad = [null, 42, 'KeyW', { kind: 'key', code: '../../etc', down: true }, { kind: 'key', code: 'KeyW', down: 'yes' },
      { kind: 'touch', channel: 'stick', value: [2, 0] }, { kind: 'touch', channel: 'stick', value: [Number.NaN, 0] }, { kind: 'warp' }];
    for (const b of bad) driver.handle('p', b);
    expect(signals).toEqual([]);
    expect(driver.rejected).toBe(bad.length);
  });
});
