// @ts-check
// The console's preview of a world this page hosts (HappyOyster): its frames never pass through the runtime,
// so the page draws its <video> into a small canvas a few times a second and sends that as a JPEG.

const WIDTH = 320;
const EVERY_MS = 500;

export class VideoPreview {
  /**
   * @param {HTMLVideoElement} video
   * @param {(meta: { id: string, width: number, height: number }, jpeg: ArrayBuffer) => void} send
   */
  constructor(video, send) {
    this.video = video;
    this.send = send;
    this.canvas = document.createElement('canvas');
    /** @type {string | null} the surface being previewed */
    this.id = null;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.timer = undefined;
    this.busy = false;
  }

  /** @param {string} id the hosted surface */
  start(id) {
    this.id = id;
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.capture(), EVERY_MS);
  }

  stop() {
    this.id = null;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async capture() {
    const v = this.video;
    const id = this.id;
    // HAVE_CURRENT_DATA: a frame to draw
    if (!id || this.busy || v.hidden || v.readyState < 2 || !v.videoWidth) return;
    this.busy = true;
    try {
      const width = Math.min(WIDTH, v.videoWidth);
      const height = Math.max(1, Math.round((v.videoHeight * width) / v.videoWidth));
      if (this.canvas.width !== width || this.canvas.height !== height) Object.assign(this.canvas, { width, height });
      const ctx = this.canvas.getContext('2d');
      if (!ctx) return;
      ctx.drawImage(v, 0, 0, width, height);
      const blob = await new Promise((resolve) => this.canvas.toBlob(resolve, 'image/jpeg', 0.7));
      if (blob instanceof Blob && this.id === id) this.send({ id, width, height }, await blob.arrayBuffer());
    } finally {
      this.busy = false;
    }
  }
}
