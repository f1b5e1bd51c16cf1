import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ConfigError, loadConfigFile } from '../../config/loader.ts';
import { configSchema, type NacreConfig } from '../../config/schema.ts';
import type { AuditEntry } from '../accounts/audit.ts';
import type { Logger } from '../core/log.ts';
import { APPLY, type ReloadTargets } from './apply.ts';
import { planReload, withApplied, type ConfigPart } from './plan.ts';
import type { ConfigStatus, ReloadReport, ReloadTrigger } from './status.ts';

export type { ConfigStatus, ReloadReport, ReloadTrigger } from './status.ts';

/** editors write a file in several steps (truncate, write, rename): one reload once they are done */
const SETTLE_MS = 200;

export interface ReloadParts {
  /** the config running now, and where a reload puts the new one */
  running(): NacreConfig;
  use(config: NacreConfig): void;
  targets: ReloadTargets;
  /** the audit log, once the runtime has one */
  audit(): { record(e: Omit<AuditEntry, 'at'>): unknown } | undefined;
}

/**
 * Config hot reload (README "Operations"): the file watched, and SIGHUP. A file that does not load is refused
 * with file:line:column and the running config kept; a good one is applied part by part (plan.ts), what can
 * only change at a restart is reported and not applied. One reload at a time; a change during one runs after it.
 */
export class ConfigReloader {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<ReloadReport> | undefined;
  private again: ReloadTrigger | undefined;
  private readonly state: ConfigStatus;
  private readonly hangup = () => void this.reload('SIGHUP');

  constructor(
    readonly file: string,
    private readonly parts: ReloadParts,
    private readonly log: Logger,
  ) {
    this.state = { file, reloads: 0, refused: 0, needsRestart: [] };
  }

  /** watch the file (its folder: editors replace files by renaming) and listen for SIGHUP */
  start(): void {
    this.watcher = watch(dirname(this.file), (_, name) => {
      if (name !== basename(this.file)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload('file'), SETTLE_MS);
    });
    this.watcher.on('error', (err) =>
      this.log.warn({ err: err.message }, 'config file watch failed: SIGHUP still reloads'),
    );
    process.on('SIGHUP', this.hangup);
  }

  close(): void {
    this.watcher?.close();
    clearTimeout(this.timer);
    process.off('SIGHUP', this.hangup);
  }

  status(): ConfigStatus {
    return { ...this.state, needsRestart: [...this.state.needsRestart] };
  }

  /** reads the file and applies it; resolves with what happened (never rejects) */
  reload(trigger: ReloadTrigger): Promise<ReloadReport> {
    if (this.busy) {
      this.again = trigger;
      return this.busy;
    }
    this.busy = this.run(trigger).finally(() => {
      this.busy = undefined;
      const next = this.again;
      this.again = undefined;
      if (next) void this.reload(next);
    });
    return this.busy;
  }

  private async run(trigger: ReloadTrigger): Promise<ReloadReport> {
    const at = new Date().toISOString();
    let next: NacreConfig;
    try {
      next = await loadConfigFile(this.file, configSchema);
    } catch (err) {
      return this.refuse({ at, trigger, ok: false, applied: [], error: (err as Error).message }, err);
    }
    const plan = planReload(this.parts.running(), next);
    const report: ReloadReport = { at, trigger, ok: true, applied: [] };
    const { added, removed, changed } = plan.devices;
    if (plan.live.includes('devices'))
      report.devices = { added: added.map((d) => d.config.id), removed, reopened: changed.map((d) => d.config.id) };
    for (const change of plan.live) {
      try {
        await APPLY[change](next, plan, this.parts.targets);
        report.applied.push(change);
      } catch (err) {
        // the config was checked: a part that still fails keeps its running settings and says why
        this.log.error({ part: change, err: (err as Error).message }, 'config reload: a part could not be applied');
        report.error = `${report.error ? `${report.error}\n` : ''}${change}: ${(err as Error).message}`;
      }
    }
    this.parts.use(withApplied(this.parts.running(), next, report.applied));
    const restartBefore = this.state.needsRestart.join();
    this.state.needsRestart = plan.restart;
    this.state.reloads++;
    this.state.last = report;
    if (report.applied.length || restartBefore !== plan.restart.join() || report.error)
      this.announce(report, plan.restart);
    return report;
  }

  private refuse(report: ReloadReport, err: unknown): ReloadReport {
    this.state.refused++;
    this.state.last = report;
    const problems = err instanceof ConfigError ? err.problems.length : 1;
    this.log.warn(
      { file: this.file, trigger: report.trigger, problems, err: report.error },
      'config refused: the running config is kept',
    );
    this.parts.audit()?.record({ user: 'system', action: 'config refused', detail: firstLine(report.error) });
    return report;
  }

  private announce(report: ReloadReport, restart: ConfigPart[]): void {
    const applied = report.applied.join(', ') || 'nothing';
    const needs = restart.length ? `; needs a restart: ${restart.join(', ')}` : '';
    this.log.info(
      {
        file: this.file,
        trigger: report.trigger,
        applied: report.applied,
        devices: report.devices,
        needsRestart: restart,
      },
      'config reloaded',
    );
    if (restart.length) this.log.warn({ needsRestart: restart }, 'config: these sections apply only at the next start');
    this.parts
      .audit()
      ?.record({ user: 'system', action: 'config reloaded', detail: `${report.trigger}: applied ${applied}${needs}` });
  }
}

function firstLine(text: string | undefined): string {
  const lines = (text ?? '').split('\n');
  return lines.length > 1 ? `${lines[0]} (and ${lines.length - 1} more)` : (lines[0] ?? '');
}

/** a reloader for the runtime's config `file`, started: it reads and replaces `exhibit.config` */
export function startReloader(
  file: string,
  exhibit: { config: NacreConfig; readonly audit: ReturnType<ReloadParts['audit']> },
  targets: ReloadTargets,
  log: Logger,
): ConfigReloader {
  const parts = {
    running: () => exhibit.config,
    use: (c: NacreConfig) => (exhibit.config = c),
    targets,
    audit: () => exhibit.audit,
  };
  const reloader = new ConfigReloader(file, parts, log.child({ ns: 'config' }));
  reloader.start();
  return reloader;
}
