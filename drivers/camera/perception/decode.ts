/**
 * BlazeFace (front, 128x128) output decoding: 896 SSD anchors on a 16x16 grid (stride 8, 2 per cell) and an
 * 8x8 grid (stride 16, 6 per cell), centres at (i + 0.5) / grid, fixed size 1; then MediaPipe's weighted
 * non-max suppression. Coordinates here are normalised to the square model input.
 */
export const KEYPOINTS = 6;
const VALUES = 4 + KEYPOINTS * 2;
const SCORE_CLIP = 100;

export interface Detection {
  cx: number;
  cy: number;
  w: number;
  h: number;
  score: number;
  /** x0, y0, x1, y1, ...: right eye, left eye, nose tip, mouth, right ear, left ear (the subject's) */
  keypoints: Float32Array;
}

export interface AnchorLayer {
  grid: number;
  perCell: number;
}

export const FRONT_LAYERS: readonly AnchorLayer[] = [
  { grid: 16, perCell: 2 },
  { grid: 8, perCell: 6 },
];

/**
 * Appends the anchors of one output pair (scores [n], boxes [n, 16], n = grid^2 * perCell, cell-major) whose
 * score reaches minScore. Offsets are in input pixels, hence / inputSize.
 */
export function decodeLayer(
  scores: Float32Array,
  boxes: Float32Array,
  layer: AnchorLayer,
  inputSize: number,
  minScore: number,
  out: Detection[],
): void {
  const { grid, perCell } = layer;
  const n = grid * grid * perCell;
  if (scores.length < n || boxes.length < n * VALUES)
    throw new RangeError(`BlazeFace output too short for a ${grid}x${grid}x${perCell} layer`);
  for (let a = 0; a < n; a++) {
    const score = sigmoid(Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, scores[a] as number)));
    if (score < minScore) continue;
    const cell = Math.floor(a / perCell);
    const ax = ((cell % grid) + 0.5) / grid;
    const ay = (Math.floor(cell / grid) + 0.5) / grid;
    const b = a * VALUES;
    const keypoints = new Float32Array(KEYPOINTS * 2);
    for (let k = 0; k < KEYPOINTS; k++) {
      keypoints[k * 2] = ax + (boxes[b + 4 + k * 2] as number) / inputSize;
      keypoints[k * 2 + 1] = ay + (boxes[b + 5 + k * 2] as number) / inputSize;
    }
    out.push({
      cx: ax + (boxes[b] as number) / inputSize,
      cy: ay + (boxes[b + 1] as number) / inputSize,
      w: (boxes[b + 2] as number) / inputSize,
      h: (boxes[b + 3] as number) / inputSize,
      score,
      keypoints,
    });
  }
}

/**
 * MediaPipe's WEIGHTED suppression: the best remaining detection takes every detection overlapping it by
 * more than iouThreshold (itself included) and becomes their score-weighted mean, keeping its own score.
 * Averaging beats plain NMS on the jitter of a face box from frame to frame.
 */
export function weightedNms(detections: readonly Detection[], iouThreshold: number): Detection[] {
  let remaining = [...detections].sort((p, q) => q.score - p.score);
  const kept: Detection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0] as Detection;
    const group: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (iou(best, d) > iouThreshold || d === best ? group : rest).push(d);
    kept.push(weightedMean(group, best.score));
    remaining = rest;
  }
  return kept;
}

function weightedMean(group: readonly Detection[], score: number): Detection {
  const m: Detection = { cx: 0, cy: 0, w: 0, h: 0, score, keypoints: new Float32Array(KEYPOINTS * 2) };
  let total = 0;
  for (const d of group) total += d.score;
  for (const d of group) {
    const wt = d.score / total;
    m.cx += d.cx * wt;
    m.cy += d.cy * wt;
    m.w += d.w * wt;
    m.h += d.h * wt;
    for (let k = 0; k < m.keypoints.length; k++)
      m.keypoints[k] = (m.keypoints[k] as number) + (d.keypoints[k] as number) * wt;
  }
  return m;
}

export function iou(p: Detection, q: Detection): number {
  const ix = Math.min(p.cx + p.w / 2, q.cx + q.w / 2) - Math.max(p.cx - p.w / 2, q.cx - q.w / 2);
  const iy = Math.min(p.cy + p.h / 2, q.cy + q.h / 2) - Math.max(p.cy - p.h / 2, q.cy - q.h / 2);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const union = p.w * p.h + q.w * q.h - inter;
  return union > 0 ? inter / union : 0;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
