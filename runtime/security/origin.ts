import type { IncomingMessage } from 'node:http';

/**
 * Socket.IO's allowRequest: a browser connecting from a page of this server (same origin) or of an origin
 * the config lists (`http.allowedOrigins`, e.g. a separate console PC) may connect to any namespace; a page
 * of any other site is refused, so a script on a web page a visitor opens cannot steer the world. Clients
 * that are not browsers send no Origin and are let through to each namespace's own checks (the console's
 * password; the display namespace's key for other machines).
 */
export function originCheck(
  allowed: readonly string[],
): (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void {
  const list = new Set(allowed.map((o) => new URL(o).origin));
  return (req, callback) => {
    const ok = originAllowed(req.headers.origin, req.headers.host, list);
    callback(ok ? null : 'origin not allowed', ok);
  };
}

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: Set<string>): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame, a file:// page) and anything unreadable
  }
  return url.host === host || allowed.has(url.origin);
}
