import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * Every page's Content-Security-Policy: scripts, styles, sockets and pictures from this server only; no
 * framing by other sites. Pages that need more opt in with `widerPolicy` on their own route.
 */
const BASE: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // pages set element styles from script (allowed by CSP anyway); inline style attributes stay possible
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Helmet's headers on every response: CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy and the
 * rest. Strict-Transport-Security and upgrade-insecure-requests only with TLS: over plain HTTP on the exhibit
 * network they would send projector PCs to an https:// that is not there.
 */
export function securityHeaders(tls: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: directives(BASE, tls) },
    strictTransportSecurity: tls ? { maxAge: 15552000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** A page's own CSP on top of the base one (it replaces the header securityHeaders set for this response). */
export function widerPolicy(extra: Directives, tls: boolean): RequestHandler {
  const merged: Directives = { ...BASE };
  for (const [name, values] of Object.entries(extra)) merged[name] = [...(BASE[name] ?? []), ...values];
  return helmet.contentSecurityPolicy({ useDefaults: false, directives: directives(merged, tls) });
}

function directives(d: Directives, tls: boolean): Record<string, string[] | null> {
  return tls ? { ...d, 'upgrade-insecure-requests': [] } : d;
}

/** The headers of every page, and the wider CSP of the pages that need one (a new page opts in here). */
export function pageHeaders(tls: boolean, serviceOrigins: readonly string[] = []): Router {
  const router = express.Router();
  router.use(securityHeaders(tls));
  router.use('/display', widerPolicy(displayPageExtra(serviceOrigins), tls));
  return router;
}

/**
 * The display page: a world from a service (HappyOyster) plays in the page through the service's own web
 * player, which talks to the service over https/wss (and to the origin the model folder names, where that is
 * a plain-http proxy), and shows the world's first frame from the service's storage until the video plays.
 */
export function displayPageExtra(serviceOrigins: readonly string[]): Directives {
  return { 'connect-src': ['https:', 'wss:', ...serviceOrigins], 'img-src': ['https:'] };
}
