// Real report descriptors, as hex. Bytes are device facts copied from the cited public sources.

export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** Sony PLAYSTATION(R)3 Controller (Sixaxis), USB 054c:0268. hhd-dev/hid-tools, hidtools/device/sony_gamepad.py, PS3Controller. */
export const PS3_USB = hexBytes(`
05 01 09 04 a1 01 a1 02 85 01 75 08 95 01 15 00 26 ff 00 81 03 75 01 95 13 15 00 25 01 35 00 45 01
05 09 19 01 29 13 81 02 75 01 95 0d 06 00 ff 81 03 15 00 26 ff 00 05 01 09 01 a1 00 75 08 95 04 35 00
46 ff 00 09 30 09 31 09 32 09 35 81 02 c0 05 01 75 08 95 27 09 01 81 02 75 08 95 30 09 01 91 02 75 08
95 30 09 01 b1 02 c0 a1 02 85 02 75 08 95 30 09 01 b1 02 c0 a1 02 85 ee 75 08 95 30 09 01 b1 02 c0 a1
02 85 ef 75 08 95 30 09 01 b1 02 c0 c0`);

/** Sony DualShock 4 (CUH-ZCT1), Bluetooth 054c:05c4. hhd-dev/hid-tools, hidtools/device/sony_gamepad.py, PS4ControllerBluetooth. */
export const DS4_BLUETOOTH = hexBytes(`
05 01 09 05 a1 01 85 01 09 30 09 31 09 32 09 35 15 00 26 ff 00 75 08 95 04 81 02 09 39 15 00 25 07 75
04 95 01 81 42 05 09 19 01 29 0e 15 00 25 01 75 01 95 0e 81 02 75 06 95 01 81 01 05 01 09 33 09 34 15
00 26 ff 00 75 08 95 02 81 02 06 04 ff 85 02 09 24 95 24 b1 02 85 a3 09 25 95 30 b1 02 85 05 09 26 95
28 b1 02 85 06 09 27 95 34 b1 02 85 07 09 28 95 30 b1 02 85 08 09 29 95 2f b1 02 85 09 09 2a 95 13 b1
02 06 03 ff 85 03 09 21 95 26 b1 02 85 04 09 22 95 2e b1 02 85 f0 09 47 95 3f b1 02 85 f1 09 48 95 3f
b1 02 85 f2 09 49 95 0f b1 02 06 00 ff 85 11 09 20 15 00 26 ff 00 75 08 95 4d 81 02 09 21 91 02 85 12
09 22 95 8d 81 02 09 23 91 02 85 13 09 24 95 cd 81 02 09 25 91 02 85 14 09 26 96 0d 01 81 02 09 27 91
02 85 15 09 28 96 4d 01 81 02 09 29 91 02 85 16 09 2a 96 8d 01 81 02 09 2b 91 02 85 17 09 2c 96 cd 01
81 02 09 2d 91 02 85 18 09 2e 96 0d 02 81 02 09 2f 91 02 85 19 09 30 96 22 02 81 02 09 31 91 02 06 80
ff 85 82 09 22 95 3f b1 02 85 83 09 23 b1 02 85 84 09 24 b1 02 85 90 09 30 b1 02 85 91 09 31 b1 02 85
92 09 32 b1 02 85 93 09 33 b1 02 85 a0 09 40 b1 02 85 a4 09 44 b1 02 c0`);

/** Wolfware Howler arcade controller, joystick interface. joshwolfpeng/Howler-Arcade-Controller-Firmware, src/Desc1.h. */
export const HOWLER_JOYSTICK = hexBytes(`
05 01 09 04 a1 01 09 01 a1 00 09 30 09 31 09 32 15 9c 25 64 35 ff 45 01 95 03 75 08 81 02 c0 05 09 19
01 29 0f 15 00 25 01 75 01 95 0f 81 02 75 08 95 01 81 01 c0`);
