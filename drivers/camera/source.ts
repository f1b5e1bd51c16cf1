import type { CameraSource } from './schema.ts';

export type SourceKind = 'device' | 'rtsp' | 'http' | 'file';

/** images that ffmpeg's image2 demuxer reads as one frame (a .gif may be animated: it is played as a video) */
const stillImage = /\.(png|jpe?g|bmp|webp|tiff?|ppm|pgm)$/i;

export function isStillImage(path: string): boolean {
  return stillImage.test(path);
}

export function sourceKind(s: CameraSource): SourceKind {
  if ('device' in s) return 'device';
  if ('file' in s) return 'file';
  return /^rtsps?:/i.test(s.url) ? 'rtsp' : 'http';
}

/**
 * A URL, or any text that holds URLs (ffmpeg's messages repeat them), with every user name and password
 * removed: safe for logs, ids and error messages.
 */
export function withoutCredentials(text: string): string {
  return text.replace(/([a-z][\w+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

/** the source as a person would name it, without credentials */
export function describeSource(s: CameraSource): string {
  if ('device' in s) return `device ${s.device}`;
  if ('file' in s) return `file ${s.file}`;
  return withoutCredentials(s.url);
}
