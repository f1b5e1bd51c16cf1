/** Gamepads: a DualShock 4 report through the whole pad path (decode, controls, profile, deadzone) against the bare descriptor decode. */
import { decodeReport } from '../drivers/gamepad/hid/decode.ts';
import { DS4_BLUETOOTH } from '../drivers/gamepad/hid/fixtures.ts';
import { parseReportDescriptor } from '../drivers/gamepad/hid/parser.ts';
import { HidRawControls } from '../drivers/gamepad/hid/raw.ts';
import { PadMapper } from '../drivers/gamepad/pad-mapper.ts';
import { chooseProfile, loadProfiles } from '../drivers/gamepad/profiles.ts';

function usPerCall(n: number, fn: (i: number) => void): number {
  for (let i = 0; i < 2000; i++) fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - t0) * 1000) / n;
}

export function padPath(n = 200_000): { padUs: number; decodeUs: number } {
  const descriptor = parseReportDescriptor(DS4_BLUETOOTH);
  const reports = Array.from({ length: 64 }, (_, i) =>
    Uint8Array.from([0x01, (i * 37) & 0xff, (i * 91) & 0xff, 0x80, 0x80, 8 | ((i & 0xf) << 4), 0, 0, i * 4, 0]),
  );
  const { profile } = chooseProfile(loadProfiles(), { backend: 'hid', vendorId: 0x054c, productId: 0x05c4 });
  const raw = new HidRawControls(descriptor);
  const mapper = new PadMapper(profile);
  let sink = 0;
  const decodeUs = usPerCall(n, (i) => (sink += Object.keys(decodeReport(descriptor, reports[i & 63]!)).length));
  const padUs = usPerCall(n, (i) => {
    raw.update(reports[i & 63]!);
    sink += mapper.changes(raw.controls).length;
  });
  if (sink < 0) console.log(sink);
  return { padUs, decodeUs };
}
