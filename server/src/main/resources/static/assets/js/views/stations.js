// Stations: online state, last seen and connector statuses, filtered in the browser and kept live.
import { api } from '../api.js';
import { field, h, replace, row, select, table } from '../dom.js';
import { ago, isV2, time } from '../format.js';
import { subscribe } from '../live.js';
import { applyEvent, connectorName, CONNECTOR_STATUSES, stateLabel } from '../stations-model.js';

const COLUMNS = ['Station', 'State', 'Connectors', 'Vendor and model', 'Firmware', 'Last seen'];

export async function render(page, _, params) {
  const byId = new Map((await api.get('/api/v1/stations')).map(s => [s.id, s]));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: e => e.preventDefault() },
    field('Search', h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', placeholder: 'Id, vendor, model' })),
    field('State', select('online', [['', 'Any'], ['true', 'Online'], ['false', 'Offline']], params.get('online'))),
    field('Connector status', select('status', [['', 'Any'], ...CONNECTOR_STATUSES], params.get('status'))));
  const tbody = h('tbody');
  const count = h('p', { class: 'count', role: 'status' });
  const listing = table('Stations', COLUMNS, []);
  listing.querySelector('tbody').replaceWith(tbody);

  const filter = () => {
    const f = Object.fromEntries(new FormData(form));
    const q = f.q.trim().toLowerCase();
    return s => (!q || [s.id, s.vendor, s.model].some(v => v?.toLowerCase().includes(q)))
      && (!f.online || String(s.online) === f.online)
      && (!f.status || (s.connectors ?? []).some(c => c.status === f.status));
  };
  const draw = () => {
    const shown = [...byId.values()].filter(filter()).sort((a, b) => a.id.localeCompare(b.id));
    replace(tbody, shown.map(stationRow));
    count.textContent = `${shown.length} of ${byId.size} stations`;
    if (!shown.length) tbody.append(h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'empty' },
      byId.size ? 'No station matches the filter.' : 'No station has connected yet. Point a station at ws://this-server/ocpp/{id}.')));
  };
  form.addEventListener('input', () => {
    const f = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
    history.replaceState(null, '', `#/stations${Object.keys(f).length ? `?${new URLSearchParams(f)}` : ''}`);
    draw();
  });

  // A station not seen before is fetched once and joins the list. Its events that came meanwhile are
  // applied afterwards, in order: one the fetch already saw changes nothing that a later one won't set.
  const loading = new Map();
  const load = id => {
    const p = api.get(`/api/v1/stations/${encodeURIComponent(id)}`)
      .then(s => { byId.set(s.id, s); return s; }, () => null)
      .finally(() => loading.delete(id));
    loading.set(id, p);
    return p;
  };
  // one row changes in place
  const onEvent = async event => {
    const station = byId.get(event.stationId);
    if (!station) {
      const loaded = await (loading.get(event.stationId) ?? load(event.stationId));
      if (loaded) applyEvent(loaded, event);
      return draw();
    }
    if (!applyEvent(station, event)) return;
    const old = tbody.querySelector(`tr[data-station-id="${CSS.escape(station.id)}"]`);
    if (!old) return draw();
    const fresh = stationRow(station);
    fresh.classList.add('changed');
    old.replaceWith(fresh);
  };
  const resync = async () => {
    for (const s of await api.get('/api/v1/stations')) byId.set(s.id, s);
    draw();
  };

  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Stations'), count), form, listing);
  draw();
  const close = subscribe({}, onEvent, resync);
  const clock = setInterval(() => tbody.querySelectorAll('time[data-ago]').forEach(t => { t.textContent = ago(t.dateTime); }), 30000);
  return () => { close(); clearInterval(clock); };
}

function stationRow(s) {
  const v2 = isV2(s.ocppVersion);
  return row(COLUMNS, [
    h('a', { href: `#/stations/${encodeURIComponent(s.id)}` }, s.id),
    h('span', { class: `badge ${s.online ? 'online' : 'offline'}`, title: s.missing ?? undefined }, stateLabel(s)),
    h('ul', { class: 'chips', 'aria-label': 'Connectors' }, (s.connectors ?? []).map(c =>
      h('li', { class: `chip status-${c.status}`, dataset: { connector: connectorName(c, v2) }, title: c.errorCode && c.errorCode !== 'NoError' ? c.errorCode : undefined },
        `${connectorName(c, v2)} · ${c.status}`))),
    [s.vendor, s.model].filter(Boolean).join(' ') || '—',
    s.firmwareVersion ?? '—',
    s.lastSeenAt ? h('time', { datetime: s.lastSeenAt, title: time(s.lastSeenAt), dataset: { ago: '' } }, ago(s.lastSeenAt)) : 'never',
  ], { dataset: { stationId: s.id } });
}
