import type { NacreConfig } from '../../config/schema.ts';
import type { Logger } from '../core/log.ts';
import { KioskBrowser, type KioskOptions, type KioskTarget } from './browser.ts';
import type { VideoOutput } from './outputs.ts';
import { screensFor } from './screens.ts';

export interface KioskSpec {
  config: NacreConfig;
  /** where the runtime serves the pages, e.g. http://exhibit-pc:8080 */
  server: string;
  /** only these displays (a projector PC shows its own); all when empty */
  only: string[];
  options: KioskOptions;
}

/** each display's page and its output; an output named in the config but not on this machine is an error naming those there are */
export function kioskTargets(spec: KioskSpec, outputs: VideoOutput[]): KioskTarget[] {
  const displays = spec.config.displays.filter((d) => !spec.only.length || spec.only.includes(d.id));
  const unknown = spec.only.filter((id) => !spec.config.displays.some((d) => d.id === id));
  if (unknown.length) throw new Error(`no display ${unknown.join(', ')} in the config`);
  return displays.map((d) => {
    const url = new URL(`/display/${encodeURIComponent(d.id)}`, spec.server).href;
    if (!d.output) return { id: d.id, url };
    const output = outputs.find((o) => o.name === d.output);
    if (!output) {
      const here = outputs.map((o) => o.name).join(', ') || 'none';
      throw new Error(`display ${d.id}: no output "${d.output}" on this machine (outputs: ${here})`);
    }
    return { id: d.id, url, output };
  });
}

/** `nacre kiosk`: a browser per display, full screen on its output, kept alive; screen blanking off */
export async function runKiosk(spec: KioskSpec, log: Logger): Promise<KioskBrowser[]> {
  const screens = spec.options.screens ?? screensFor(spec.options.env);
  const needsOutputs = spec.config.displays.some((d) => d.output && (!spec.only.length || spec.only.includes(d.id)));
  const outputs = needsOutputs ? await screens.outputs() : [];
  const targets = kioskTargets(spec, outputs);
  screens.keepAwake();
  log.info({ server: screens.kind, outputs: outputs.map((o) => o.name) }, 'kiosk: placing browsers');
  const browsers = targets.map((t) => new KioskBrowser(t, { ...spec.options, screens }, log));
  for (const b of browsers) b.start();
  return browsers;
}
