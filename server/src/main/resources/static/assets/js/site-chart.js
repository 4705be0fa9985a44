// The site's history as one SVG line chart in kW: grid (+ import / − feed-in), PV, battery
// (+ discharge / − charge), house and charging, on one axis that spans below zero when needed.
import { h } from './dom.js';
import { axisFormat, niceMax, timeFormat } from './chart.js';

const W = 720;
const H = 300;
const M = { top: 20, right: 20, bottom: 36, left: 56 };
const TICKS = [0, 0.25, 0.5, 0.75, 1];

export const SERIES = [
  ['grid.power', 'Grid', 'grid'],
  ['pv.power', 'PV', 'pv'],
  ['battery.power', 'Battery', 'battery'],
  ['house.power', 'House', 'house'],
  ['chargingPower', 'Charging', 'charging'],
];

/** points: [{ at, values: { 'grid.power': W, ... } }] from /api/v1/site/history. */
export function siteChart(points) {
  if (!points.length) return h('p', { class: 'empty' }, 'No history stored yet.');
  const ts = points.map(p => new Date(p.at).getTime());
  const t0 = Math.min(...ts);
  const t1 = Math.max(t0 + 60_000, ...ts);
  const all = points.flatMap(p => SERIES.map(([key]) => p.values[key]).filter(v => v !== null && v !== undefined)).map(v => v / 1000);
  const top = niceMax(Math.max(0, ...all));
  const bottom = -niceMax(Math.max(0, ...all.map(v => -v))) * (all.some(v => v < 0) ? 1 : 0);
  const x = t => M.left + ((t - t0) / (t1 - t0)) * (W - M.left - M.right);
  const y = v => H - M.bottom - ((v - bottom) / (top - bottom)) * (H - M.top - M.bottom);
  const axis = axisFormat(top - bottom);
  const format = timeFormat(t1 - t0);

  const grid = TICKS.map(f => {
    const v = bottom + f * (top - bottom);
    return h('svg:g', { class: 'tick' },
      h('svg:line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }),
      h('svg:text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, axis.format(v)));
  });
  const times = TICKS.map(f => h('svg:text', { x: x(t0 + f * (t1 - t0)), y: H - M.bottom + 18, class: 'time',
    'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' }, format.format(new Date(t0 + f * (t1 - t0)))));
  const lines = SERIES.map(([key, , kind]) => {
    let d = '';
    let pen = 'M';
    let last = null;
    points.forEach((p, i) => {
      const v = p.values[key];
      if (v === null || v === undefined) { pen = 'M'; return; }
      last = [x(ts[i]).toFixed(1), y(v / 1000).toFixed(1)];
      d += `${pen}${last[0]},${last[1]}`;
      pen = 'L';
    });
    // the latest point as a dot, which also shows a series of a single point
    return d ? h('svg:g', { 'data-series': key },
      h('svg:path', { class: `series site-${kind}`, d }),
      h('svg:circle', { class: `dot site-${kind}`, cx: last[0], cy: last[1], r: 4 })) : null;
  });
  return h('figure', { class: 'chart' },
    h('svg:svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Site power over time, ${points.length} points` },
      grid, times, bottom < 0 ? h('svg:line', { class: 'zero', x1: M.left, x2: W - M.right, y1: y(0), y2: y(0) }) : null,
      h('svg:text', { x: 4, y: 12, class: 'axis' }, 'kW'), lines),
    h('figcaption', {}, SERIES.map(([, label, kind]) => h('span', { class: `key site-${kind}` }, label))));
}
