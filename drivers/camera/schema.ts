import { z } from 'zod';

/** unknown keys are a typo or a setting in the wrong place: say which, and what to do */
const strict = {
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys'
      ? `unknown camera setting ${iss.keys?.map((k) => `"${k}"`).join(', ')}: remove it or check its spelling`
      : undefined,
};

const device = z.strictObject(
  {
    /** a V4L2 device: /dev/v4l/by-id/... follows the camera wherever it is plugged; /dev/videoN can change at reboot */
    device: z
      .string()
      .regex(
        /^\/dev\//,
        "write the camera's device path, preferably its stable link: device: /dev/v4l/by-id/usb-...-video-index0",
      ),
  },
  strict,
);

const url = z.strictObject(
  {
    /** a network camera: rtsp(s):// (H.264/H.265) or http(s):// (MJPEG, HLS, ...) */
    url: z
      .string()
      .regex(
        /^(rtsps?|https?):\/\/[^/\s]+/i,
        "write the camera's address as url: rtsp://host:554/stream or url: http://host/video.mjpg",
      ),
  },
  strict,
);

const file = z.strictObject(
  {
    /** a video or a still image played as if it were a live camera (tests, rehearsals) */
    file: z.string().min(1, 'write the path of a video or image file as file: footage/entrance.mp4'),
    /** start again at the end (a still image repeats its one frame) */
    loop: z.boolean().default(true),
    /** false: as fast as ffmpeg decodes (benchmarks, offline runs) instead of at the video's own pace */
    realtime: z.boolean().default(true),
  },
  strict,
);

const source = z.union([device, url, file], {
  error:
    'write the camera source as one of: { device: /dev/v4l/by-id/... }, { url: rtsp://... or http://... }, { file: path/to/video-or-image }',
});

/**
 * One configured camera. A plain object schema (no object-level refinements) so the perception stage can
 * `cameraSchema.extend({...})` it.
 */
export const cameraSchema = z.strictObject(
  {
    id: z.string().regex(/^[\w-]+$/, 'an id is letters, digits, _ and - (e.g. id: entrance)'),
    source,
    width: z.number().int().min(16).max(7680).default(640),
    height: z.number().int().min(16).max(4320).default(480),
    fps: z.number().positive().max(240).default(15),
    /**
     * How the camera's picture is made exactly width x height. pad (default): all of it, with black bars
     * (nothing at the edges is lost to detection; a letterbox is what most detectors expect anyway);
     * crop: fills the frame, cuts the edges; stretch: fills it, distorts.
     */
    fit: z.enum(['pad', 'crop', 'stretch']).default('pad'),
    /** V4L2 only: what the camera sends (mjpeg, yuyv422, h264); mjpeg gets most USB cameras their full rate */
    inputFormat: z.string().regex(/^\w+$/, 'write a V4L2 format name such as mjpeg or yuyv422').optional(),
    /** RTSP only: tcp survives lossy networks and NAT; udp has less latency on a clean LAN */
    rtspTransport: z.enum(['tcp', 'udp']).default('tcp'),
    /** network cameras: no data for this long ends ffmpeg (a dead camera is reported, not waited for) */
    timeoutSeconds: z.number().positive().max(600).default(5),
    /** no frame for this long (the first included) and ffmpeg is killed and the camera reopened: a hung V4L2 camera blocks it for good */
    stallSeconds: z.number().positive().max(600).default(10),
  },
  strict,
);

export type CameraConfig = z.infer<typeof cameraSchema>;
export type CameraSource = CameraConfig['source'];
/** a source as written in a config file (defaults not yet applied) */
export type CameraSourceInput = z.input<typeof source>;
export type Fit = CameraConfig['fit'];
