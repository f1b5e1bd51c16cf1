import express, { type Router } from 'express';

/** a second of the page's recording at 2.5 Mbit/s is ~320 KB; key frames make some pieces bigger */
const MAX_PIECE = '4mb';

/**
 * POST /api/surface-recording?id=<surface id>&seq=<n>[&last=1] with the piece as the body: the recording of a
 * world a display page hosts (HappyOyster). Over HTTP, not the page's socket, whose messages are kept small.
 * The surface id (a random UUID the hosting page was given) is what admits a piece; the recorder refuses
 * pieces of any other travel, out of order or past its bound.
 */
export function recordingRoute(
  take: (meta: { id: string; seq: number; last: boolean }, piece: Buffer) => boolean,
): Router {
  const router = express.Router();
  router.post('/', express.raw({ type: () => true, limit: MAX_PIECE }), (req, res) => {
    const id = typeof req.query.id === 'string' ? req.query.id : '';
    const seq = Number(req.query.seq);
    if (!id || !Number.isInteger(seq) || seq < 0 || !Buffer.isBuffer(req.body)) {
      res.status(400).type('text').send('a piece needs ?id=<surface>&seq=<n> and a body');
      return;
    }
    const taken = take({ id, seq, last: req.query.last === '1' }, req.body);
    res.status(taken ? 204 : 409).end();
  });
  return router;
}
