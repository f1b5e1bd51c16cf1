import type { ConsolePassword } from '../console/password.ts';
import { ConfigError, formatConfigError, loadConfigFile } from '../../config/loader.ts';
import { configSchema, type NacreConfig } from '../../config/schema.ts';
import { ModelLoadError } from '../../models/contract/errors.ts';
import { environmentPassword } from '../console/password.ts';
import { logger } from '../core/log.ts';
import { Runtime } from '../runtime.ts';
import { notifyService } from '../service/notify.ts';

export interface StartOptions {
  config: string;
  seconds?: number;
  /** --provider: overrides the config's model.provider */
  provider?: NacreConfig['model']['provider'];
}

const log = logger('start');

function portFromEnv(config: NacreConfig): number {
  const env = process.env.PORT;
  if (env === undefined || env === '') return config.http.port;
  const port = Number(env);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (0-65535), not "${env}"`);
  return port;
}

/** nacre start: load and check the config, start the exhibit, print where to find it; stop on SIGINT/SIGTERM. */
export async function start(o: StartOptions): Promise<number> {
  let config: NacreConfig;
  let port: number;
  try {
    config = await loadConfigFile(o.config, configSchema);
    port = portFromEnv(config);
    environmentPassword();
    if (o.provider && o.provider !== config.model.provider) {
      log.info({ provider: o.provider, configured: config.model.provider }, 'model provider from --provider');
      config = { ...config, model: { ...config.model, provider: o.provider } };
    }
  } catch (err) {
    console.error(err instanceof ConfigError ? formatConfigError(err) : (err as Error).message);
    console.error('Nacre did not start: fix the configuration above.');
    return 2;
  }
  const runtime = new Runtime(config, logger('runtime'));
  let handle;
  try {
    handle = await runtime.start(port, config.http.host);
  } catch (err) {
    await runtime.close().catch(() => undefined);
    console.error(
      err instanceof ModelLoadError ? `model: ${err.message}` : `Nacre did not start: ${(err as Error).message}`,
    );
    return 1;
  }
  const { url } = handle;
  printWhere(o, config, handle);
  runtime.watchConfig(o.config); // hot reload: the file watched, and SIGHUP
  const notifier = await notifyService(runtime, url); // under systemd: READY, then watchdog pings while healthy

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (o.seconds) setTimeout(resolve, o.seconds * 1000).unref();
  });
  log.info('stopping');
  await notifier.stopping();
  await handle.close();
  return 0;
}

/** where to find the running exhibit, on the terminal */
function printWhere(
  o: StartOptions,
  config: NacreConfig,
  { url, password }: { url: string; password: ConsolePassword },
): void {
  console.log(`\nNacre is running (${o.config}).`);
  for (const d of config.displays)
    console.log(`  display ${d.id.padEnd(10)} ${url}/display/${encodeURIComponent(d.id)}`);
  console.log(`  console            ${url}/console`);
  console.log(`  status, metrics    ${url}/api/status  ${url}/metrics`);
  console.log(
    `  model              ${config.model.path} on ${config.model.provider}${o.provider ? ' (--provider)' : ''}`,
  );
  if (password.source === 'generated') {
    console.log(`  console password:  ${password.password}   (generated now, shown once; stored in ${password.file})`);
  } else console.log(`  console password:  from ${password.source === 'stored' ? password.file : password.source}`);
  console.log('');
}
