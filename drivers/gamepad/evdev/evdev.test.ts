import { describe, expect, it } from 'vitest';
import { hasCapability, usbPort } from '../discover.ts';
import { EV_ABS, EV_KEY, EV_SYN } from './codes.ts';
import { encodeEvent, EventSplitter, EVENT_SIZE } from './events.ts';

describe('evdev records', () => {
  it('splits input_event records across chunk boundaries and keeps only SYN, KEY, ABS', () => {
    const bytes = Buffer.concat([
      encodeEvent({ type: EV_ABS, code: 0, value: -32768 }),
      encodeEvent({ type: 0x04, code: 4, value: 90001 }), // MSC_SCAN: no input
      encodeEvent({ type: EV_KEY, code: 0x130, value: 1 }),
      encodeEvent({ type: EV_SYN, code: 0, value: 0 }),
    ]);
    const s = new EventSplitter();
    const a = s.push(bytes.subarray(0, EVENT_SIZE + 7));
    const b = s.push(bytes.subarray(EVENT_SIZE + 7));
    expect([...a, ...b]).toEqual([
      { type: EV_ABS, code: 0, value: -32768 },
      { type: EV_KEY, code: 0x130, value: 1 },
      { type: EV_SYN, code: 0, value: 0 },
    ]);
  });
});

describe('sysfs facts', () => {
  it('reads capability bitmasks as the kernel prints them (64-bit words, most significant first)', () => {
    // a wired Xbox 360 pad's key mask: BTN_SOUTH (0x130) .. BTN_THUMBR (0x13e) and BTN_MODE
    const keys = '7cdb000000000000 0 0 0 0';
    expect(hasCapability(keys, 0x130)).toBe(true);
    expect(hasCapability(keys, 0x13c)).toBe(true);
    expect(hasCapability(keys, 0x132)).toBe(false);
    expect(hasCapability(keys, 0x1)).toBe(false);
    expect(hasCapability('', 0x130)).toBe(false);
  });

  it('finds the USB port a pad sits on in its sysfs path', () => {
    expect(usbPort('/sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4.2/1-4.2:1.0/0003:054C:05C4.0007/')).toBe('1-4.2');
    expect(usbPort('/sys/devices/virtual/misc/uhid/0003:054C:05C4.0001/')).toBeUndefined();
  });
});
