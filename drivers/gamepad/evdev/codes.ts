// Linux input event codes (include/uapi/linux/input-event-codes.h) that gamepads and joysticks use.

export const EV_SYN = 0x00;
export const EV_KEY = 0x01;
export const EV_ABS = 0x03;
export const SYN_REPORT = 0;
export const SYN_DROPPED = 3;

export const ABS_NAMES: Record<number, string> = {
  0x00: 'ABS_X',
  0x01: 'ABS_Y',
  0x02: 'ABS_Z',
  0x03: 'ABS_RX',
  0x04: 'ABS_RY',
  0x05: 'ABS_RZ',
  0x06: 'ABS_THROTTLE',
  0x07: 'ABS_RUDDER',
  0x08: 'ABS_WHEEL',
  0x09: 'ABS_GAS',
  0x0a: 'ABS_BRAKE',
  0x10: 'ABS_HAT0X',
  0x11: 'ABS_HAT0Y',
  0x12: 'ABS_HAT1X',
  0x13: 'ABS_HAT1Y',
  0x14: 'ABS_HAT2X',
  0x15: 'ABS_HAT2Y',
  0x16: 'ABS_HAT3X',
  0x17: 'ABS_HAT3Y',
};

const KEY_NAMES: Record<number, string> = {
  0x120: 'BTN_TRIGGER',
  0x121: 'BTN_THUMB',
  0x122: 'BTN_THUMB2',
  0x123: 'BTN_TOP',
  0x124: 'BTN_TOP2',
  0x125: 'BTN_PINKIE',
  0x126: 'BTN_BASE',
  0x127: 'BTN_BASE2',
  0x128: 'BTN_BASE3',
  0x129: 'BTN_BASE4',
  0x12a: 'BTN_BASE5',
  0x12b: 'BTN_BASE6',
  0x12f: 'BTN_DEAD',
  0x130: 'BTN_SOUTH',
  0x131: 'BTN_EAST',
  0x132: 'BTN_C',
  0x133: 'BTN_NORTH',
  0x134: 'BTN_WEST',
  0x135: 'BTN_Z',
  0x136: 'BTN_TL',
  0x137: 'BTN_TR',
  0x138: 'BTN_TL2',
  0x139: 'BTN_TR2',
  0x13a: 'BTN_SELECT',
  0x13b: 'BTN_START',
  0x13c: 'BTN_MODE',
  0x13d: 'BTN_THUMBL',
  0x13e: 'BTN_THUMBR',
  0x220: 'BTN_DPAD_UP',
  0x221: 'BTN_DPAD_DOWN',
  0x222: 'BTN_DPAD_LEFT',
  0x223: 'BTN_DPAD_RIGHT',
};

/** hat axes report -1, 0, 1 */
export function isHatAxis(code: number): boolean {
  return code >= 0x10 && code <= 0x17;
}

/** ABS_Z, ABS_RZ (analog triggers in the kernel's gamepad layout), throttle, rudder, gas, brake */
export function isRestingAtZero(code: number): boolean {
  return code === 0x02 || code === 0x05 || (code >= 0x06 && code <= 0x0a);
}

export function absName(code: number): string {
  return ABS_NAMES[code] ?? `ABS_${code.toString(16).padStart(2, '0')}`;
}

export function keyName(code: number): string {
  return (
    KEY_NAMES[code] ??
    (code >= 0x2c0 && code <= 0x2e7 ? `BTN_TRIGGER_HAPPY${code - 0x2c0 + 1}` : `KEY_${code.toString(16)}`)
  );
}

/** BTN_JOYSTICK..BTN_THUMBR: the buttons that make an input device a joystick or gamepad */
export const JOYSTICK_BUTTONS = { first: 0x120, last: 0x13e };
