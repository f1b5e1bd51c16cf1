import type { Role } from '../security/authenticator.ts';

/**
 * What each role may do. viewer: watch (status, preview, the audit log); operator: run the show (the exhibit's
 * commands, driving from the preview); admin: everything, and the accounts.
 */
export type Action = 'watch' | 'operate' | 'administer';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const NEEDS: Record<Action, Role> = { watch: 'viewer', operate: 'operator', administer: 'admin' };

export function may(role: Role, action: Action): boolean {
  return RANK[role] >= RANK[NEEDS[action]];
}
