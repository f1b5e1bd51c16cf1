import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `changed` shortly after a hidraw or input event node appears or disappears (inotify on /dev and
 * /dev/input), so a pad plugged in is opened at once rather than at the supervisor's next retry.
 * The delay lets the kernel finish creating the device's sysfs entries.
 */
export function watchPadNodes(changed: () => void, settleMs = 300): () => void {
  let timer: NodeJS.Timeout | undefined;
  const poke = (file: string | null) => {
    if (file !== null && !/^(hidraw\d+|event\d+|js\d+|input)$/.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(changed, settleMs);
  };
  const watchers: FSWatcher[] = [];
  for (const dir of ['/dev', '/dev/input']) {
    try {
      const w = watch(dir, { persistent: false }, (_event, file) => poke(file));
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // no /dev/input until the first input device: /dev's own watch sees it appear
    }
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
