// Real report descriptors of racing wheels and arcade joysticks, as hex (device facts). Wheels: the fixed-up
// descriptors Linux's hid-lg.c substitutes for the wheels' own (torvalds/linux drivers/hid/hid-lg.c,
// df/dfp/fv/momo/momo2_rdesc_fixed); pads, arcade sticks and RC controllers: hid-bigbenff.c, hid-dr.c,
// hid-pxrc.c, hid-vrc2.c.
import { hexBytes } from './fixtures.ts';

/** Logitech Driving Force (USB 046d:c294, rev 1.02), hid-lg.c df_rdesc_fixed */
export const LOGITECH_DRIVING_FORCE = hexBytes(`
05 01 09 04 a1 01 a1 02 95 01 75 0a 14 26 ff 03 34 46 ff 03 09 30 81 02 95 0c 75 01 25 01 45 01 05 09
19 01 29 0c 81 02 95 02 06 00 ff 09 01 81 02 05 01 26 ff 00 46 ff 00 95 01 75 08 81 02 25 07 46 3b 01
75 04 65 14 09 39 81 42 75 01 95 04 65 00 06 00 ff 09 01 25 01 45 01 81 02 05 01 95 01 75 08 26 ff 00
46 ff 00 09 31 81 02 09 35 81 02 c0 a1 02 26 ff 00 46 ff 00 95 07 75 08 09 03 91 02 c0 c0`);

/** Logitech Driving Force Pro (USB 046d:c298), hid-lg.c dfp_rdesc_fixed */
export const LOGITECH_DRIVING_FORCE_PRO = hexBytes(`
05 01 09 04 a1 01 a1 02 95 01 75 0e 14 26 ff 3f 34 46 ff 3f 09 30 81 02 95 0e 75 01 25 01 45 01 05 09
19 01 29 0e 81 02 05 01 95 01 75 04 25 07 46 3b 01 65 14 09 39 81 42 65 00 26 ff 00 46 ff 00 75 08 81
01 09 31 81 02 09 35 81 02 81 01 c0 a1 02 09 02 95 07 91 02 c0 c0`);

/** Logitech Formula Vibration Feedback Wheel (USB 046d:ca04), hid-lg.c fv_rdesc_fixed */
export const LOGITECH_FORMULA_VIBRATION = hexBytes(`
05 01 09 04 a1 01 a1 02 95 01 75 0a 15 00 26 ff 03 35 00 46 ff 03 09 30 81 02 95 0c 75 01 25 01 45 01
05 09 19 01 29 0c 81 02 95 02 06 00 ff 09 01 81 02 09 02 26 ff 00 46 ff 00 95 01 75 08 81 02 05 01 25
07 46 3b 01 75 04 65 14 09 39 81 42 75 01 95 04 65 00 06 00 ff 09 01 25 01 45 01 81 02 05 01 95 01 75
08 26 ff 00 46 ff 00 09 31 81 02 09 32 81 02 c0 a1 02 26 ff 00 46 ff 00 95 07 75 08 09 03 91 02 c0 c0`);

/** Logitech MOMO Force (red, USB 046d:c295), hid-lg.c momo_rdesc_fixed */
export const LOGITECH_MOMO = hexBytes(`
05 01 09 04 a1 01 a1 02 95 01 75 0a 15 00 26 ff 03 35 00 46 ff 03 09 30 81 02 95 08 75 01 25 01 45 01
05 09 19 01 29 08 81 02 06 00 ff 75 0e 95 01 26 ff 00 46 ff 00 09 00 81 02 05 01 75 08 09 31 81 02 09
32 81 02 06 00 ff 09 01 81 02 c0 a1 02 09 02 95 07 91 02 c0 c0`);

/** Logitech MOMO Racing Force (black, USB 046d:ca03), hid-lg.c momo2_rdesc_fixed */
export const LOGITECH_MOMO2 = hexBytes(`
05 01 09 04 a1 01 a1 02 95 01 75 0a 15 00 26 ff 03 35 00 46 ff 03 09 30 81 02 95 0a 75 01 25 01 45 01
05 09 19 01 29 0a 81 02 06 00 ff 09 00 95 04 81 02 95 01 75 08 26 ff 00 46 ff 00 09 01 81 02 05 01 09
31 81 02 09 32 81 02 06 00 ff 09 00 81 02 c0 a1 02 09 02 95 07 91 02 c0 c0`);

// Arcade joysticks: Linux's hid-dr.c (torvalds/linux drivers/hid/hid-dr.c).

/** DragonRise 0079:0011 (DVTech PC JS19 arcade joystick), hid-dr.c pid0011_rdesc_fixed */
export const DRAGONRISE_0011_FIXED = hexBytes(`
05 01 09 04 a1 01 a1 02 14 75 08 95 03 81 01 26 ff 00 95 02 09 30 09 31 81 02 75 01 95 04 81 01 25 01
95 0a 05 09 19 01 29 0a 81 02 95 0a 81 01 c0 c0`);

/**
 * The same joystick's own descriptor, rebuilt item by item from the listing in hid-dr.c's comment (four X
 * usages, a hat declared as usage 0); its length is the 101 bytes hid-dr.c checks (PID0011_RDESC_ORIG_SIZE).
 */
export const DRAGONRISE_0011_ORIGINAL = hexBytes(`
05 01 09 04 a1 01 a1 02 75 08 95 05 15 00 26 ff 00 35 00 46 ff 00 09 30 09 30 09 30 09 30 09 31 81 02
75 04 95 01 25 07 46 3b 01 65 14 09 00 81 42 65 00 75 01 95 0a 25 01 45 01 05 09 19 01 29 0a 81 02 06
00 ff 75 01 95 0a 25 01 45 01 09 01 81 02 c0 a1 02 75 08 95 04 46 ff 00 26 ff 00 09 02 91 02 c0 c0`);

/** PhoenixRC 8-axis flight controller (USB 1781:0898), hid-pxrc.c pxrc_rdesc_fixed */
export const PHOENIXRC_FLIGHT = hexBytes(`
05 01 09 04 a1 01 09 01 a1 00 09 30 09 36 09 31 09 32 09 33 09 34 09 35 09 37 15 00 26 ff 00 35 00 46
ff 00 75 08 95 08 81 02 c0 c0`);

/** VRC-2 2-axis car (RC transmitter) controller (USB 07c0:1125), hid-vrc2.c vrc2_rdesc_fixed */
export const VRC2_CAR = hexBytes(`
05 01 09 04 a1 01 09 01 a1 00 09 30 09 31 15 00 26 ff 07 35 00 46 ff 00 75 10 95 02 81 02 c0 75 08 95
03 81 03 c0`);

/** BigBen Interactive PS3 mini pad (USB 146b:0902), its own descriptor as quoted in hid-bigbenff.c (137 bytes) */
export const BIGBEN_PS3_ORIGINAL = hexBytes(`
05 01 09 05 a1 01 15 00 25 01 35 00 45 01 75 01 95 0d 05 09 19 01 29 0d 81 02 95 03 81 01 05 01 25 07
46 3b 01 75 04 95 01 65 14 09 39 81 42 65 00 95 01 81 01 26 ff 00 46 ff 00 09 30 09 31 09 32 09 35 75
08 95 04 81 02 06 00 ff 09 20 09 21 09 22 09 23 09 24 09 25 09 26 09 27 09 28 09 29 09 2a 09 2b 95 0c
81 02 0a 21 26 95 08 b1 02 0a 21 26 91 02 26 ff 03 46 ff 03 09 2c 09 2d 09 2e 09 2f 75 10 95 04 81 02
c0`);

/** the same pad, hid-bigbenff.c pid0902_rdesc_fixed (buttons in gamepad.rst order, triggers as Z/Rz) */
export const BIGBEN_PS3_FIXED = hexBytes(`
05 01 09 05 a1 01 15 00 25 01 35 00 45 01 75 01 95 0d 05 09 09 05 09 01 09 02 09 04 09 07 09 08 09 09
09 0a 09 0b 09 0c 09 0e 09 0f 09 0d 81 02 75 01 95 03 81 01 05 01 25 07 46 3b 01 75 04 95 01 65 14 09
39 81 42 65 00 95 01 81 01 26 ff 00 46 ff 00 09 30 09 31 09 33 09 34 75 08 95 04 81 02 95 0a 81 01 05
01 26 ff 00 46 ff 00 09 32 09 35 95 02 81 02 95 08 81 01 06 00 ff b1 02 0a 21 26 95 08 91 02 0a 21 26
95 08 81 02 c0`);
