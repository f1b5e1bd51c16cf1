import { access } from 'node:fs/promises';

const PRESENCE_MS = 1000;

/**
 * Checks that a device node (or its by-id link) still exists, every second: an unplugged device's node goes
 * away even when its port reports nothing (a pseudo-terminal's hangup does not always reach serialport).
 * Calls `gone` once; returns the stop function.
 */
export function watchPresence(path: string, gone: (err: Error) => void, ms = PRESENCE_MS): () => void {
  let stopped = false;
  const timer = setInterval(() => {
    access(path).catch(() => {
      if (stopped) return;
      stop();
      gone(new Error(`${path} is gone (unplugged?)`));
    });
  }, ms);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
