// The site's consumption from its Linky meter (30-minute average power) with the EV charging power
// of the same half hours drawn over it, both in kW on one axis, so the share of charging shows.
import { h } from './dom.js';

const W = 720;
const H = 300;
const M = { top: 20, right: 20, bottom: 36, left: 56 };
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function niceMax(v) {
  if (!(v > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map(f => f * step).find(n => n >= v);
}

/** site and ev: [{ t (epoch ms), v (W) }], t the start of the half hour. */
export function meterChart({ site, ev, from, to }) {
  if (!site.length) return h('p', { class: 'empty' }, 'No load curve imported for this period yet.');
  const t0 = from;
  const t1 = Math.max(to, t0 + 1);
  const max = niceMax(Math.max(...site.map(p => p.v), ...ev.map(p => p.v), 0) / 1000);
  const x = t => M.left + ((t - t0) / (t1 - t0)) * (W - M.left - M.right);
  const y = kw => H - M.bottom - (kw / max) * (H - M.top - M.bottom);
  // steps: each value holds for its half hour; a missing half hour leaves a gap
  const steps = series => series.map((p, i) => {
    const joined = i > 0 && series[i - 1].t + 1_800_000 === p.t;
    return `${joined ? 'V' : `M${x(p.t).toFixed(1)},`}${y(p.v / 1000).toFixed(1)}H${x(p.t + 1_800_000).toFixed(1)}`;
  }).join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const peak = Math.max(...site.map(p => p.v));
  const evPeak = ev.length ? Math.max(...ev.map(p => p.v)) : 0;
  const summary = `Site consumption up to ${number.format(peak / 1000)} kW; EV charging ${ev.length ? `up to ${number.format(evPeak / 1000)} kW` : 'none in this period'}.`;
  return h('figure', { class: 'chart meter-chart' },
    h('svg:svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Load curve and EV charging power. ${summary}` },
      ticks.map(f => h('svg:g', { class: 'tick' },
        h('svg:line', { x1: M.left, x2: W - M.right, y1: y(f * max), y2: y(f * max) }),
        h('svg:text', { x: M.left - 6, y: y(f * max) + 4, 'text-anchor': 'end' }, number.format(f * max)))),
      ticks.map(f => h('svg:text', { x: x(t0 + f * (t1 - t0)), y: H - M.bottom + 18, class: 'time',
        'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' }, day.format(new Date(t0 + f * (t1 - t0))))),
      h('svg:text', { x: 4, y: 12, class: 'axis' }, 'kW'),
      h('svg:path', { class: 'series energy site', d: steps(site) }),
      ev.length ? h('svg:path', { class: 'series power ev', d: steps(ev) }) : null),
    h('figcaption', {},
      h('span', { class: 'key energy' }, 'Site consumption, Linky load curve (kW)'),
      h('span', { class: 'key power' }, ev.length ? 'EV charging (kW)' : 'EV charging: none in this period')),
    h('p', { class: 'summary' }, summary));
}
