import { resolve } from 'node:path';

export interface KioskUnitOptions {
  /** the exhibit's config file (the kiosk reads its displays and port from it) */
  config: string;
  /** the project folder (where package.json is) */
  workDir: string;
  /** node's absolute path */
  node: string;
  /** the runtime's system unit the kiosk waits for, where it is installed */
  runtimeUnit: string;
}

/**
 * The kiosk browsers' user unit (`nacre kiosk`): it runs in the desktop user's graphical session (the X11
 * outputs the browsers open on belong to it), starts with that session and stops with it, and is restarted
 * always. A user unit cannot be ordered after a system unit, so it waits in ExecStartPre while the runtime's
 * unit is enabled but not yet active; once running, `nacre kiosk` itself reloads a page that lost the runtime.
 */
export function kioskUnitFile(o: KioskUnitOptions): string {
  const workDir = resolve(o.workDir);
  const tsx = resolve(workDir, 'node_modules/tsx/dist/loader.mjs');
  const unit = o.runtimeUnit;
  return `[Unit]
Description=Nacre kiosk browsers (${o.config})
Documentation=file://${workDir}/README.md
PartOf=graphical-session.target
After=graphical-session.target
Requisite=graphical-session.target

[Service]
Type=simple
WorkingDirectory=${workDir}
Environment=NODE_ENV=production
ExecStartPre=/bin/sh -c 'while systemctl is-enabled --quiet ${unit} && ! systemctl is-active --quiet ${unit}; do sleep 1; done'
ExecStart=${o.node} --import ${tsx} ${workDir}/runtime/cli/index.ts kiosk --config ${resolve(workDir, o.config)}
Restart=always
RestartSec=2
TimeoutStartSec=900
TimeoutStopSec=20
StandardOutput=journal
StandardError=journal

[Install]
WantedBy=graphical-session.target
`;
}
