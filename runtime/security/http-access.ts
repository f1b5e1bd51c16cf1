import express, { type Request, type Router } from 'express';
import { may, type Action } from '../accounts/roles.ts';
import type { Sessions } from '../accounts/sessions.ts';
import { DEFAULT_USER, type Authenticator } from './authenticator.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface HttpSecurity {
  auth: Authenticator;
  sessions: Sessions;
}

/**
 * Who may use the HTTP API: this machine itself (loopback) freely, as today; anyone else with
 * `Authorization: Bearer <token>` from `POST /api/login` (the token's role decides: status and metrics are
 * for every role, commands for operators and admins), or `Bearer <console password>` (the first admin,
 * through the same login guard as the console).
 */
export async function httpAllowed(req: Request, security: HttpSecurity, action: Action): Promise<boolean> {
  return (await httpCaller(req, security, action)) !== undefined;
}

/** who calls, for the audit: "loopback" for this machine, else the token's or the password's account */
export interface HttpCaller {
  user: string;
  role?: string;
}

/** the caller when it may do `action`, else undefined (httpAllowed's rule) */
export async function httpCaller(
  req: Request,
  security: HttpSecurity,
  action: Action,
): Promise<HttpCaller | undefined> {
  const address = req.socket.remoteAddress ?? '';
  if (LOOPBACK.has(address)) return { user: 'loopback' };
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return undefined;
  const secret = header.slice('Bearer '.length);
  const session = security.sessions.find(secret);
  if (session) return may(session.role, action) ? { user: session.user, role: session.role } : undefined;
  const login = await security.auth.login(address, DEFAULT_USER, secret);
  if (!login.ok || !may(login.principal.role, action)) return undefined;
  return { user: login.principal.user, role: login.principal.role };
}

/** POST /api/login {user, password}: a session token for the Bearer header, with its role and expiry */
export function loginRoute(security: HttpSecurity): Router {
  const router = express.Router();
  router.post('/', express.json({ limit: '1kb' }), async (req, res) => {
    const body = (req.body ?? {}) as { user?: unknown; password?: unknown };
    const result = await security.auth.login(req.socket.remoteAddress ?? '', body.user, body.password);
    if (!result.ok) {
      if (result.retryAfterSeconds) res.setHeader('retry-after', String(result.retryAfterSeconds));
      res.status(result.reason === 'locked' ? 429 : 401).json({ ok: false, error: result.reason });
      return;
    }
    const { token, user, role, expiresAt } = security.sessions.open(result.principal);
    res.json({ ok: true, token, user, role, expiresAt: new Date(expiresAt).toISOString() });
  });
  return router;
}
