import { join } from 'node:path';
import { ConfigError, formatConfigError, loadConfigFile } from '../../config/loader.ts';
import { configSchema, type NacreConfig } from '../../config/schema.ts';
import { logger } from '../core/log.ts';
import { runKiosk } from '../kiosk/kiosk.ts';

export interface KioskCliOptions {
  config: string;
  /** where the runtime serves the pages; default http://localhost:<http.port> */
  server?: string;
  /** comma-separated display ids; default every display */
  only?: string;
  chromium?: string;
}

/** nacre kiosk: Chromium full screen per display on its output, restarted when it crashes or hangs, until SIGINT/SIGTERM. */
export async function kiosk(o: KioskCliOptions): Promise<number> {
  let config: NacreConfig;
  try {
    config = await loadConfigFile(o.config, configSchema);
  } catch (err) {
    console.error(err instanceof ConfigError ? formatConfigError(err) : (err as Error).message);
    return 2;
  }
  const log = logger('kiosk');
  try {
    const browsers = await runKiosk(
      {
        config,
        server: o.server ?? `http://localhost:${config.http.port}`,
        only: o.only ? o.only.split(',').map((s) => s.trim()) : [],
        options: {
          chromium: o.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          profileDir: join(config.stateDir, 'kiosk'),
          env: process.env,
          heartbeatMs: 2000,
          hungMs: 10_000,
          startMs: 60_000,
          reloadAfterMs: 20_000,
          noSandbox: process.getuid?.() === 0,
        },
      },
      log,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await Promise.all(browsers.map((b) => b.stop()));
    return 0;
  } catch (err) {
    console.error(`nacre kiosk: ${(err as Error).message}`);
    return 1;
  }
}
