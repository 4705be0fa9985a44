// A small SVG line chart for a transaction: energy charged (kWh, left axis) and power (kW, right
// axis) over time, with time labels in the browser's time zone. No library: a few paths and ticks.
import { h } from './dom.js';

const W = 720;
const H = 300;
const M = { top: 20, right: 56, bottom: 36, left: 56 };
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** Labels for an axis from 0 to max in quarters, with as many decimals as the step needs (0.005 needs 3). */
export function axisFormat(max) {
  const step = max / 4;
  const digits = [0, 1, 2, 3, 4, 5, 6].find(d => Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) ?? 6;
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** Rounds up to 1, 2 or 5 times a power of ten, so the axis ends on a readable value. */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map(f => f * step).find(n => n >= v);
}

export function timeFormat(spanMs) {
  return new Intl.DateTimeFormat(undefined, spanMs < 10 * 60_000
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : spanMs < 86_400_000 ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** energy and power: [{ t (epoch ms), v }] in Wh and W. */
export function transactionChart({ energy, power, derived }) {
  const points = [...energy, ...power];
  if (!points.length) return h('p', { class: 'empty' }, 'No meter values yet.');
  const t0 = Math.min(...points.map(p => p.t));
  const t1 = Math.max(t0 + 10_000, ...points.map(p => p.t));
  const eMax = niceMax(Math.max(...energy.map(p => p.v / 1000), 0));
  const pMax = niceMax(Math.max(...power.map(p => p.v / 1000), 0));
  const x = t => M.left + ((t - t0) / (t1 - t0)) * (W - M.left - M.right);
  const y = (v, max) => H - M.bottom - (v / max) * (H - M.top - M.bottom);
  const line = (series, max, scale) => series.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v / scale, max).toFixed(1)}`).join('');

  const format = timeFormat(t1 - t0);
  const energyAxis = axisFormat(eMax);
  const powerAxis = axisFormat(pMax);
  const grid = TICKS.map(f => {
    const gy = y(f, 1);
    return h('svg:g', { class: 'tick' },
      h('svg:line', { x1: M.left, x2: W - M.right, y1: gy, y2: gy }),
      h('svg:text', { x: M.left - 6, y: gy + 4, 'text-anchor': 'end', class: 'energy' }, energyAxis.format(f * eMax)),
      h('svg:text', { x: W - M.right + 6, y: gy + 4, class: 'power' }, powerAxis.format(f * pMax)));
  });
  const timeTicks = TICKS.map(f => {
    const t = t0 + f * (t1 - t0);
    return h('svg:text', { x: x(t), y: H - M.bottom + 18, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle', class: 'time' },
      format.format(new Date(t)));
  });
  const last = s => (s.length ? decimal.format(s.at(-1).v / 1000) : '—');
  const summary = `Energy reaches ${last(energy)} kWh; power ${power.length ? `last ${last(power)} kW, at most ${decimal.format(Math.max(...power.map(p => p.v)) / 1000)} kW` : 'not reported'}.`;

  return h('figure', { class: 'chart' },
    h('svg:svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Energy and power over time. ${summary}` },
      grid, timeTicks,
      h('svg:text', { x: 4, y: 12, class: 'axis energy' }, 'kWh'),
      h('svg:text', { x: W - 4, y: 12, 'text-anchor': 'end', class: 'axis power' }, 'kW'),
      energy.length ? h('svg:path', { class: 'series energy', d: line(energy, eMax, 1000) }) : null,
      power.length ? h('svg:path', { class: 'series power', d: line(power, pMax, 1000) }) : null,
      // the latest reading of each, which also shows a series of a single point
      energy.length ? dot(x(energy.at(-1).t), y(energy.at(-1).v / 1000, eMax), 'energy') : null,
      power.length ? dot(x(power.at(-1).t), y(power.at(-1).v / 1000, pMax), 'power') : null),
    h('figcaption', {},
      h('span', { class: 'key energy' }, 'Energy charged (kWh)'),
      h('span', { class: 'key power' }, derived ? 'Power, from energy readings (kW)' : 'Power (kW)')));
}

function dot(cx, cy, kind) {
  return h('svg:circle', { class: `dot ${kind}`, cx: cx.toFixed(1), cy: cy.toFixed(1), r: 4 });
}
