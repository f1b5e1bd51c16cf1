import type { DoctorCheck } from '../../runtime/core/driver.ts';
import { onPath } from '../doctor-checks.ts';

/** cameras are captured by ffmpeg */
export async function cameraDoctor(): Promise<DoctorCheck[]> {
  const found = await onPath('ffmpeg');
  return [{ ok: found || 'info', what: `ffmpeg ${found ? 'found' : 'not found'}: cameras` }];
}
