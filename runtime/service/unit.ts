import { resolve } from 'node:path';

export interface UnitOptions {
  /** the exhibit's config file */
  config: string;
  /** the project folder (where package.json is) */
  workDir: string;
  /** the dedicated user the runtime runs as */
  user: string;
  /** node's absolute path */
  node: string;
  /** seconds without a healthy watchdog ping before systemd restarts the runtime */
  watchdogSeconds: number;
}

/**
 * The systemd unit of the exhibit: a dedicated user, Type=notify (READY=1 once the model runs, the start may
 * take minutes while a model loads), WatchdogSec fed by the runtime's health (runtime/service/notify.ts),
 * Restart=always, the journal for its logs (journald rotates them), and the usual sandboxing that leaves it
 * its state folder, its devices (input, serial, video, audio groups) and the network.
 */
export function unitFile(o: UnitOptions): string {
  const workDir = resolve(o.workDir);
  const tsx = resolve(workDir, 'node_modules/tsx/dist/loader.mjs');
  return `[Unit]
Description=Nacre exhibit (${o.config})
Documentation=file://${workDir}/README.md
After=network-online.target sound.target
Wants=network-online.target

[Service]
Type=notify
NotifyAccess=all
User=${o.user}
Group=${o.user}
SupplementaryGroups=input dialout video audio plugdev
WorkingDirectory=${workDir}
Environment=NODE_ENV=production UV_THREADPOOL_SIZE=16
ExecStart=${o.node} --import ${tsx} ${workDir}/runtime/cli/index.ts start --config ${resolve(workDir, o.config)}
Restart=always
RestartSec=2
TimeoutStartSec=900
TimeoutStopSec=30
WatchdogSec=${o.watchdogSeconds}
StandardOutput=journal
StandardError=journal
NoNewPrivileges=yes
ProtectSystem=full
ProtectHome=read-only
PrivateTmp=yes
ReadWritePaths=${workDir}/var
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
`;
}
