import type { SessionConfig } from './config.ts';
import { endingDeadline, visitDeadline } from './deadlines.ts';
import type { SessionState } from './state.ts';

/** What display pages and the loop need to know about the session at time t. */
export interface SessionView {
  /** the runtime flies the world itself (attract) */
  autopilot: boolean;
  /** visitor input steers the world */
  visitorControl: boolean;
  /** the goodbye stays up through resetting, so the old world never flashes back before the new one */
  overlay: 'press-any-key' | 'thank-you' | null;
  /** active: seconds until the visit ends on its own (idle or max length); ending: seconds of goodbye left */
  remainingSeconds?: number;
}

export function sessionView(s: SessionState, c: SessionConfig, t: number): SessionView {
  switch (s.phase) {
    case 'attract':
      return { autopilot: true, visitorControl: false, overlay: 'press-any-key' };
    case 'active':
      return withRemaining({ autopilot: false, visitorControl: true, overlay: null }, visitDeadline(s, c)?.at, t);
    case 'ending':
      return withRemaining({ autopilot: false, visitorControl: false, overlay: 'thank-you' }, endingDeadline(s, c), t);
    case 'resetting':
      return { autopilot: false, visitorControl: false, overlay: 'thank-you' };
  }
}

function withRemaining(v: SessionView, at: number | undefined, t: number): SessionView {
  return at === undefined ? v : { ...v, remainingSeconds: Math.max(0, (at - t) / 1000) };
}
