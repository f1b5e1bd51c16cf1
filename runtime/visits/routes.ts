import express, { type Request, type Response, type Router } from 'express';
import { join } from 'node:path';
import QRCode from 'qrcode';
import type { VisitBook } from './book.ts';
import { TOKEN } from './store.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const FILES = new Set(['visit.mp4', 'still.jpg']);

/** a visit's own address, on the host the request came to (the join address's host when one is set) */
function visitUrl(req: Request, base: string | undefined, token: string): string {
  const origin = base ? new URL(base).origin : `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  return `${origin}/visit/${token}`;
}

function notFound(res: Response): void {
  // the same answer for a visit that never was and one the retention rule deleted: nothing to list or probe
  res.status(404).type('text').send('no such visit (links expire with the exhibit’s retention rule)');
}

function page(token: string, code: string | undefined, seconds: number): string {
  const carry = code
    ? `<p>Continue this world at the kiosk with the code <strong id="code">${esc(code)}</strong></p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>Your visit</title>
<style>body{margin:0 auto;max-width:720px;padding:16px;background:#0d1117;color:#eef1f5;font:17px/1.45 "DejaVu Sans",system-ui,sans-serif}video,img{width:100%;border-radius:8px;background:#000}strong{letter-spacing:.12em}</style>
</head><body><h1>Your walk, ${Math.round(seconds)} s</h1>
<video id="video" src="/visit/${token}/visit.mp4" controls playsinline poster="/visit/${token}/still.jpg"></video>
<p><a href="/visit/${token}/visit.mp4" download="visit.mp4">Download the video</a></p>
<img id="still" src="/visit/${token}/still.jpg" alt="the world as you left it">${carry}</body></html>`;
}

/** /visit/<token>: the visit's page, video and still; the latest visit's QR code while the display says thank you */
export function visitRoutes(book: VisitBook, joinUrl: string | undefined): Router {
  const router = express.Router();
  router.use('/visit', (_req, res, next) => {
    res.set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  router.get('/visit/latest.json', (req, res) => {
    const v = book.latest;
    res.json(v ? { url: visitUrl(req, joinUrl, v.token), qr: `/visit/${v.token}/qr.svg` } : null);
  });
  router.get('/visit/:token', async (req, res) => {
    const meta = await book.store.meta(req.params.token);
    if (!meta) return notFound(res);
    res.type('html').send(page(meta.token, meta.state ? meta.code : undefined, meta.seconds));
  });
  router.get('/visit/:token/qr.svg', async (req, res) => {
    const meta = await book.store.meta(req.params.token);
    if (!meta) return notFound(res);
    const svg = await QRCode.toString(visitUrl(req, joinUrl, meta.token), { type: 'svg', margin: 2 });
    res.type('image/svg+xml').send(svg);
  });
  router.get('/visit/:token/:file', (req, res) => {
    const { token, file } = req.params;
    if (!TOKEN.test(token) || !FILES.has(file)) return notFound(res);
    res.sendFile(join(book.store.folder(token), file), (err) => err && !res.headersSent && notFound(res));
  });
  return router;
}
