// @ts-check
// A recording of a world this page hosts (HappyOyster): its video and sound never pass through the runtime, so
// the page records what it plays (MediaRecorder, WebM) and sends it a second at a time; the runtime keeps the
// file. The bitrate keeps a second's piece well under the socket's 1 MB message limit.

const PIECE_MS = 1000;
const BITS_PER_SECOND = 2_500_000;

export class VideoRecorder {
  /** @param {HTMLVideoElement} video */
  constructor(video) {
    this.video = video;
    /** @type {MediaRecorder | null} */
    this.recorder = null;
  }

  /** @param {string} id the hosted surface */
  start(id) {
    this.stop();
    const capture = /** @type {HTMLVideoElement & { captureStream?: () => MediaStream }} */ (this.video).captureStream;
    if (typeof MediaRecorder === 'undefined' || !capture) return;
    const stream = capture.call(this.video);
    const mimeType = ['video/webm;codecs=vp8,opus', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
    const recorder = new MediaRecorder(stream, {
      ...(mimeType ? { mimeType } : {}),
      videoBitsPerSecond: BITS_PER_SECOND,
    });
    let seq = 0;
    let sending = Promise.resolve();
    /** @param {Blob} piece @param {boolean} last */
    const send = (piece, last) => {
      const n = seq++;
      // pieces go out one after the other, in order
      sending = sending.then(() => post(id, n, last, piece));
    };
    // the newest piece is held until the next one or the end comes, so the last one is known for sure: a
    // piece of the timeslice that arrives just after stop() also sees the state 'inactive' (on a loaded
    // machine it did, was sent as the last, and the true last piece was refused after the file had closed)
    /** @type {Blob | null} */
    let held = null;
    recorder.ondataavailable = (e) => {
      if (held) send(held, false);
      held = e.data;
    };
    recorder.onstop = () => {
      if (held) send(held, true);
      held = null;
    };
    recorder.start(PIECE_MS);
    this.recorder = recorder;
  }

  stop() {
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    this.recorder = null;
  }
}

/**
 * @param {string} id @param {number} seq @param {boolean} last @param {Blob} piece
 * @returns {Promise<void>} never rejects: a refused or lost piece ends that file where it is
 */
async function post(id, seq, last, piece) {
  const query = new URLSearchParams({ id, seq: String(seq), ...(last ? { last: '1' } : {}) });
  await fetch(`/api/surface-recording?${query}`, { method: 'POST', body: piece }).catch(() => undefined);
}
