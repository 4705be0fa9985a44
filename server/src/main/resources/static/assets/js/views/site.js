// The site: live power flow (grid, PV, battery, house, charging) from the site model, updated by
// site.updated events, the charge points the site knows, and a history chart of stored snapshots.
import { api, query } from '../api.js';
import { card, h, replace, row, table } from '../dom.js';
import { ago, kW, kWh, time } from '../format.js';
import { subscribe } from '../live.js';
import { siteChart } from '../site-chart.js';
import { energyCard } from '../energy-card.js';

const RANGES = [['6h', '6 hours', 6 * 3600e3, 'PT5M'], ['24h', '24 hours', 24 * 3600e3, 'PT15M'], ['7d', '7 days', 7 * 24 * 3600e3, 'PT1H']];
const CP_COLUMNS = ['Charge point', 'Source', 'Power', 'Energy', 'Plugged', 'Charging', 'Mode'];

/** One tile of the flow: its value in kW, what the sign means, and its age. */
function tile(kind, label, value, direction, extra) {
  const stale = value?.stale;
  return h('div', { class: `flow-node flow-${kind}${stale ? ' stale' : ''}${value ? '' : ' unknown'}`, 'data-flow': kind },
    h('span', { class: 'flow-label' }, label),
    h('strong', { class: 'flow-value' }, value ? kW(Math.abs(value.value)) : '—'),
    h('span', { class: 'flow-direction' }, value ? direction(value.value) : 'no data'),
    extra,
    value ? h('small', { class: 'flow-age', title: time(value.at) }, stale ? `stale, ${ago(value.at)}` : `${value.source}, ${ago(value.at)}`) : null);
}

function flow(site) {
  const charging = site.chargingPower === null ? null : { value: site.chargingPower, source: 'charge points', at: site.at, stale: false };
  const soc = site.battery?.soc;
  return h('div', { class: 'flow', role: 'group', 'aria-label': 'Power flow' },
    tile('pv', 'PV', site.pv?.power, v => (v > 0 ? 'generating' : 'idle')),
    tile('grid', 'Grid', site.grid?.power, v => (v > 0 ? 'importing' : v < 0 ? 'feeding in' : 'balanced')),
    h('div', { class: 'flow-hub', 'aria-hidden': 'true' }, '⇄'),
    tile('battery', 'Battery', site.battery?.power, v => (v > 0 ? 'discharging' : v < 0 ? 'charging' : 'idle'),
      soc ? h('span', { class: 'flow-soc' }, `${Math.round(soc.value)} %`) : null),
    tile('house', 'House', site.house?.power, () => (site.house?.power?.source === 'derived' ? 'consuming (derived)' : 'consuming')),
    tile('charging', 'Charging', charging, v => (v > 0 ? 'charging vehicles' : 'idle')));
}

function flag(value) {
  return value === undefined ? '—' : value.value ? 'yes' : 'no';
}

function chargePoints(site) {
  if (!site.chargePoints.length) return h('p', { class: 'empty' }, 'No charge points reported yet.');
  return table('Charge points', CP_COLUMNS, site.chargePoints.map(cp => row(CP_COLUMNS, [
    cp.id, cp.source, kW(cp.power?.value), kWh(cp.energy?.value), flag(cp.plugged), flag(cp.charging), cp.chargeMode ?? '—',
  ], { 'data-charge-point': cp.id })));
}

export async function render(page, _, params) {
  let site = await api.get('/api/v1/site');
  const range = RANGES.find(r => r[0] === params.get('range')) ?? RANGES[1];
  const flowBox = h('div');
  const points = h('div');
  const sources = h('p', { class: 'sub' });
  const chart = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
  const energy = energyCard(null);

  const draw = () => {
    replace(flowBox, flow(site));
    replace(points, chargePoints(site));
    replace(sources, site.sources.length ? `Sources: ${site.sources.map(s => s.name).join(', ')}` : 'No site sources are configured.');
  };
  const history = async () => {
    const from = new Date(Date.now() - range[2]).toISOString();
    const data = await api.get(`/api/v1/site/history${query({ from, step: range[3] })}`);
    replace(chart, siteChart(data.points));
  };

  replace(page,
    h('header', { class: 'view-head' }, h('h1', {}, 'Site'), sources),
    h('div', { class: 'grid' },
      card('Power flow', flowBox),
      card('Charge points', points),
      h('section', { class: 'card wide', 'aria-labelledby': 'site-history' },
        h('h2', { id: 'site-history' }, 'History'),
        h('nav', { class: 'ranges', 'aria-label': 'Period' }, RANGES.map(([key, label]) =>
          h('a', { href: `#/site?range=${key}`, 'aria-current': key === range[0] ? 'true' : null }, label))),
        chart),
      energy.element));
  draw();
  await history();
  const timer = setInterval(() => history().catch(() => {}), 60_000);
  const close = subscribe({ types: ['site.updated'] }, event => {
    site = { ...event.site, sources: site.sources };
    draw();
  }, async () => { site = await api.get('/api/v1/site'); draw(); });
  return () => { clearInterval(timer); close(); energy.close(); };
}
