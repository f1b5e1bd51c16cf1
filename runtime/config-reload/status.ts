/** What /api/status says of config hot reload; plain types, so the console page's type check can read them. */

/** what a reload changes live (plan.ts) */
export type LiveChange = 'mappings' | 'session' | 'devices' | 'moderation';

export type ReloadTrigger = 'file' | 'SIGHUP' | 'request';

export interface ReloadReport {
  at: string;
  trigger: ReloadTrigger;
  ok: boolean;
  /** what was applied live */
  applied: LiveChange[];
  devices?: { added: string[]; removed: string[]; reopened: string[] };
  /** refused: every problem as file:line:column path: message, one per line */
  error?: string;
}

export interface ConfigStatus {
  file: string;
  reloads: number;
  refused: number;
  /** config sections the file changes that apply only at the next start (the running ones are kept) */
  needsRestart: string[];
  last?: ReloadReport;
}
