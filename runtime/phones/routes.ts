import express, { type Request, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import type { PhonesConfig } from './config.ts';

const page = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
/** a Host header that can only be a host and port (anything else: the join URL cannot be derived from it) */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** the address phones open: the configured one, else the one this request came to */
export function joinUrl(config: PhonesConfig, req: Request): string | undefined {
  if (config.joinUrl) return config.joinUrl;
  const host = req.headers.host ?? '';
  return HOST.test(host) ? `${req.protocol}://${host}/join` : undefined;
}

/**
 * The phones' pages: /join (the phone page, its scripts and texts), the QR code of the join address as SVG
 * for the display pages and the console, and where the display pages show it.
 */
export function phoneRoutes(config: PhonesConfig): Router {
  const router = express.Router();
  router.use('/assets/join', express.static(page('./page/'), { index: false }));
  router.get('/join', (_req, res) => res.sendFile(page('./page/join.html')));
  router.get('/join/qr.svg', (req, res) => {
    const url = joinUrl(config, req);
    if (!url) return void res.status(400).type('text').send('set phones.joinUrl: this request has no usable Host');
    QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
      (svg) => res.type('image/svg+xml').set('Cache-Control', 'no-cache').send(svg),
      (err: Error) => res.status(500).type('text').send(`no QR code: ${err.message}`),
    );
  });
  router.get('/join/display.json', (req, res) => {
    const { attract, visit } = config.qr;
    const codes = config.recording.enabled && config.recording.codeEntry.display;
    res.json({ url: joinUrl(config, req) ?? null, attract, visit, vote: config.voteOnDisplay, continue: codes });
  });
  router.get('/join/console.json', (req, res) => {
    res.json({ url: joinUrl(config, req) ?? null, show: config.qr.console });
  });
  return router;
}
