import { describe, expect, it } from 'vitest';
import type { Signal } from '../../runtime/core/signals.ts';
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
    const bad = [
      null,
      42,
      'KeyW',
      { kind: 'key', code: '../../etc', down: true },
      { kind: 'key', code: 'KeyW', down: 'yes' },
      { kind: 'touch', channel: 'stick', value: [2, 0] },
      { kind: 'touch', channel: 'stick', value: [Number.NaN, 0] },
      { kind: 'warp' },
    ];
    for (const b of bad) driver.handle('p', b);
    expect(signals).toEqual([]);
    expect(driver.rejected).toBe(bad.length);
  });
});

describe('BrowserInputDriver: pads on a display PC', () => {
  it('each page pad is a gamepad source of its own; a page that leaves releases its pads', () => {
    const { driver, signals, lost } = recorder();
    driver.handle('main:a1', { kind: 'pad', pad: 1, channel: 'left', value: [0.5, 1] });
    driver.handle('main:a1', { kind: 'pad', pad: 1, channel: 'south', value: true });
    driver.handle('main:a1', { kind: 'pad', pad: 1, channel: 'rt', value: 0.25 });
    driver.release('main:a1');
    expect(signals).toEqual([
      { source: 'gamepad:main:a1/1', channel: 'left', value: [0.5, 1] },
      { source: 'gamepad:main:a1/1', channel: 'south', value: true },
      { source: 'gamepad:main:a1/1', channel: 'rt', value: 0.25 },
      { source: 'gamepad:main:a1/1', channel: 'left', value: [0, 0] },
      { source: 'gamepad:main:a1/1', channel: 'south', value: false },
      { source: 'gamepad:main:a1/1', channel: 'rt', value: 0 },
    ]);
    expect(lost).toEqual(['browser:main:a1', 'gamepad:main:a1/1']);
  });

  it('rejects pad input that is out of range or oddly named', () => {
    const { driver, signals } = recorder();
    for (const bad of [
      { kind: 'pad', pad: 16, channel: 'left', value: [0, 0] },
      { kind: 'pad', pad: 0, channel: 'Left Stick!', value: [0, 0] },
      { kind: 'pad', pad: 0, channel: 'left', value: [2, 0] },
      { kind: 'pad', pad: 0, channel: 'rt', value: 'full' },
    ])
      driver.handle('p', bad);
    expect(signals).toEqual([]);
    expect(driver.rejected).toBe(4);
  });
});
