// @ts-check
// The console's plots: steps/s, step time, motion-to-photon per display, frames dropped per output and the
// devices' states over the last ten minutes (uPlot, served from node_modules at /vendor/uplot/).
import uPlot from '/vendor/uplot/uPlot.esm.js';
/** @typedef {import('../../operations/metrics-history.ts').MetricsSample} MetricsSample */

const KEEP = 600;
const COLOURS = ['#43c47a', '#e0b341', '#6cb6ff', '#e0564b', '#c58cff', '#8d96a5', '#ff9f5a', '#5ce0d8'];

/**
 * One chart: which series it draws from a sample. Keyed series (one per display, output or state) are found
 * as they appear; the chart is made again when a new one does.
 * @typedef {{ id: string, title: string, unit: string, series: (s: MetricsSample) => Record<string, number | null> }} ChartSpec
 */

/** @type {ChartSpec[]} */
const CHARTS = [
  { id: 'steps', title: 'steps/s', unit: '/s', series: (s) => ({ 'steps/s': s.stepsPerSecond }) },
  { id: 'step-time', title: 'step time', unit: 'ms', series: (s) => ({ mean: s.stepMs, p95: s.stepP95Ms }) },
  { id: 'photon', title: 'motion to photon', unit: 'ms', series: (s) => s.photonMs },
  { id: 'dropped', title: 'frames dropped', unit: '/s', series: (s) => s.dropped },
  { id: 'devices', title: 'devices by state', unit: '', series: (s) => s.devices },
];

export class Plots {
  /** @param {HTMLElement} box */
  constructor(box) {
    this.box = box;
    /** @type {MetricsSample[]} */
    this.samples = [];
    /** @type {Map<string, { el: HTMLElement, keys: string[], plot: uPlot | null }>} */
    this.charts = new Map();
    for (const spec of CHARTS) {
      const el = document.createElement('figure');
      el.className = 'plot';
      el.id = `plot-${spec.id}`;
      el.dataset.points = '0';
      box.append(el);
      this.charts.set(spec.id, { el, keys: [], plot: null });
    }
    new ResizeObserver(() => this.resize()).observe(box);
  }

  /** @param {MetricsSample[]} samples */
  history(samples) {
    this.samples = samples.slice(-KEEP);
    this.draw();
  }

  /** @param {MetricsSample} sample */
  add(sample) {
    this.samples.push(sample);
    if (this.samples.length > KEEP) this.samples.shift();
    this.draw();
  }

  draw() {
    if (this.box.closest('[hidden]')) return;
    const times = this.samples.map((s) => s.t / 1000);
    for (const spec of CHARTS) {
      const chart = /** @type {{ el: HTMLElement, keys: string[], plot: uPlot | null }} */ (this.charts.get(spec.id));
      const rows = this.samples.map(spec.series);
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
      if (!chart.plot || keys.join('\n') !== chart.keys.join('\n')) this.make(spec, chart, keys);
      /** @type {uPlot.AlignedData} */
      const data = [times, ...keys.map((k) => rows.map((r) => r[k] ?? null))];
      chart.plot?.setData(data);
      chart.el.dataset.points = String(times.length);
      chart.el.dataset.last = JSON.stringify(rows.at(-1) ?? {});
    }
  }

  /**
   * @param {ChartSpec} spec
   * @param {{ el: HTMLElement, keys: string[], plot: uPlot | null }} chart
   * @param {string[]} keys
   */
  make(spec, chart, keys) {
    chart.plot?.destroy();
    chart.keys = keys;
    /** @type {uPlot.Options} */
    const opts = {
      title: spec.title,
      width: this.width(),
      height: 140,
      legend: { show: true },
      scales: { y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(1, max ?? 1)] } },
      axes: [
        { stroke: '#8d96a5', grid: { stroke: '#2a303a' } },
        { stroke: '#8d96a5', grid: { stroke: '#2a303a' }, label: spec.unit, size: 50 },
      ],
      series: [
        {},
        ...keys.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 1.5, spanGaps: false })),
      ],
    };
    chart.plot = new uPlot(opts, [[], ...keys.map(() => [])], chart.el);
  }

  width() {
    return Math.max(240, Math.floor(this.box.clientWidth / 2) - 16);
  }

  resize() {
    for (const chart of this.charts.values()) chart.plot?.setSize({ width: this.width(), height: 140 });
  }
}
