// One Linky meter: import state, the load curve of a period with the site's EV charging power over
// it (from the transactions' meter values), daily consumption and maximum power, and a re-import.
import { api, query } from '../api.js';
import { card, field, h, notice, replace, table, row } from '../dom.js';
import { time } from '../format.js';
import { meterChart } from '../meter-chart.js';
import { readings } from '../meter.js';
import { STATUS } from './meters.js';

const HALF_HOUR = 1_800_000;
const DAY = 86_400_000;
const MAX_TRANSACTIONS = 100;

/** YYYY-MM-DD of the browser's date, `days` days after `date`. */
function dayString(date, days = 0) {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Average EV charging power per half hour (W), summed over the transactions, from their energy registers. */
async function evPower(from, to) {
  const list = await api.get(`/api/v1/transactions${query({ from: new Date(from - DAY).toISOString(), to: new Date(to).toISOString(), limit: MAX_TRANSACTIONS })}`);
  const buckets = new Map();
  for (const summary of list) {
    if (summary.stopAt && Date.parse(summary.stopAt) < from) continue;
    const tx = await api.get(`/api/v1/transactions/${summary.id}`);
    const energy = readings(tx.samples).filter(r => r.registerWh !== null);
    for (let i = 1; i < energy.length; i++) {
      const t = energy[i].t;
      if (t <= from || t > to) continue;
      const bucket = Math.floor((t - 1) / HALF_HOUR) * HALF_HOUR;
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + Math.max(0, energy[i].registerWh - energy[i - 1].registerWh) * 2);
    }
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}

export async function render(page, id, params) {
  // whole days, which the server reads as Enedis' (Paris) days
  const toDay = params.get('to') ?? dayString(new Date());
  const fromDay = params.get('from') ?? dayString(new Date(`${toDay}T00:00`), -7);
  const meters = await api.get('/api/v1/meters');
  const meter = meters.find(m => m.usagePointId === id);
  if (!meter) return replace(page, notice('error', `There is no meter ${id}. `), h('a', { href: '#/meters' }, 'Go to the meters.'));

  const range = { from: fromDay, to: toDay };
  const [curve, daily, maxPower] = await Promise.all(['load-curve', 'daily', 'max-power']
    .map(series => api.get(`/api/v1/meters/${encodeURIComponent(id)}/${series}${query(range)}`)));
  const from = Date.parse(curve.from);
  const to = Date.parse(curve.to);
  const ev = await evPower(from, to).catch(() => []);

  const period = h('form', { class: 'filters' },
    field('From', h('input', { type: 'date', name: 'from', value: fromDay, required: true })),
    field('To', h('input', { type: 'date', name: 'to', value: toDay, required: true })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Show')));
  period.addEventListener('submit', e => {
    e.preventDefault();
    location.hash = `#/meters/${encodeURIComponent(id)}${query({ from: period.elements.from.value, to: period.elements.to.value })}`;
  });

  const reimportResult = h('div', { role: 'status' });
  const reimport = h('form', { class: 'filters reimport' },
    field('Re-import from', h('input', { type: 'date', name: 'from', value: fromDay, required: true }),
      'Every series is fetched again from this day on; values are replaced, never doubled.'),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Re-import period')));
  reimport.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api.post(`/api/v1/meters/${encodeURIComponent(id)}/reimport`, { from: reimport.elements.from.value });
      replace(reimportResult, notice('ok', `Re-import from ${reimport.elements.from.value} started.`));
    } catch (err) {
      replace(reimportResult, notice('error', err.message));
    }
  });

  const facts = h('dl', { class: 'facts' }, [
    ['State', h('span', { class: `badge ${meter.status === 'ACTIVE' ? 'online' : 'offline'}`, 'data-status': meter.status }, STATUS[meter.status] ?? meter.status)],
    ['Owner', meter.owner], ['Consented', time(meter.createdAt)], ['Last import', time(meter.lastImportAt)],
    ['Next import', meter.status === 'ACTIVE' ? time(meter.nextImportAt) : 'none until a new consent'],
    ['Last error', meter.lastError ?? '—'],
    ['Imported up to', Object.entries(meter.fetchedUntil).filter(([s]) => meter.produces || !s.includes('production'))
      .map(([s, d]) => `${s} ${d}`).join(', ')],
  ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
  const DAILY_COLUMNS = ['Day', 'Consumption', 'Maximum power'];
  const maxByDay = new Map(maxPower.readings.map(r => [r.ts, r.value]));
  replace(page,
    h('header', { class: 'view-head' }, h('h1', {}, `Meter ${id}`)),
    meter.status !== 'ACTIVE' ? notice('error', `${STATUS[meter.status]}: nothing is imported until its holder consents again. `,
      h('a', { href: '/api/v1/meters/linky/consent' }, 'Ask for consent again')) : null,
    h('div', { class: 'grid' },
      card('Import', facts, reimport, reimportResult),
      card('Load curve and EV charging', period,
        meterChart({ site: curve.readings.map(r => ({ t: Date.parse(r.ts), v: r.value })), ev, from, to }),
        h('a', { href: `/api/v1/meters/${encodeURIComponent(id)}/load-curve${query({ ...range, format: 'csv' })}` }, 'Load curve as CSV')),
      card('Daily', table('Daily consumption and maximum power', DAILY_COLUMNS, daily.readings.map(r => row(DAILY_COLUMNS,
        [new Date(r.ts).toLocaleDateString(), `${(r.value / 1000).toFixed(2)} kWh`, maxByDay.has(r.ts) ? `${(maxByDay.get(r.ts) / 1000).toFixed(2)} kVA` : '—']))))));
  return undefined;
}
