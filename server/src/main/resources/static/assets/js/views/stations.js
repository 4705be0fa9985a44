// Stations: online state, last seen and connector statuses, a page at a time (a fleet may hold tens of
// thousands), searched and filtered by the server, and the shown page kept live.
import { api, query } from '../api.js';
import { field, h, replace, row, select, table } from '../dom.js';
import { ago, isV2, time } from '../format.js';
import { subscribe } from '../live.js';
import { applyEvent, connectorName, CONNECTOR_STATUSES, stateLabel } from '../stations-model.js';

const COLUMNS = ['Station', 'State', 'Connectors', 'Vendor and model', 'Firmware', 'Last seen'];
const PAGE = 100;

export async function render(page, _, params) {
  const byId = new Map(); // the stations of the shown page
  let total = 0;
  let offset = Number(params.get('offset') ?? 0) || 0;
  const form = h('form', { class: 'filters', role: 'search', onsubmit: e => e.preventDefault() },
    field('Search', h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', placeholder: 'Id, vendor, model' })),
    field('State', select('online', [['', 'Any'], ['true', 'Online'], ['false', 'Offline']], params.get('online'))),
    field('Connector status', select('status', [['', 'Any'], ...CONNECTOR_STATUSES], params.get('status'))));
  const tbody = h('tbody');
  const count = h('p', { class: 'count', role: 'status' });
  const listing = table('Stations', COLUMNS, []);
  listing.querySelector('tbody').replaceWith(tbody);
  const previous = h('button', { type: 'button', onclick: () => go(Math.max(0, offset - PAGE)) }, 'Previous');
  const next = h('button', { type: 'button', onclick: () => go(offset + PAGE) }, 'Next');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of stations' }, previous, next);

  const values = () => Object.fromEntries(new FormData(form));
  // search and online state are the server's; the connector status filters the shown page
  const byStatus = s => { const f = values(); return !f.status || (s.connectors ?? []).some(c => c.status === f.status); };
  const draw = () => {
    const shown = [...byId.values()].filter(byStatus).sort((a, b) => a.id.localeCompare(b.id));
    replace(tbody, shown.map(stationRow));
    const range = total ? `${offset + 1}–${Math.min(offset + byId.size, total)} of ${total} stations` : '0 stations';
    count.textContent = shown.length === byId.size ? range : `${shown.length} shown, ${range}`;
    previous.disabled = offset === 0;
    next.disabled = offset + PAGE >= total;
    if (!shown.length) tbody.append(h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'empty' },
      byId.size || total ? 'No station matches the filter.' : 'No station has connected yet. Point a station at ws://this-server/ocpp/{id}.')));
  };
  let fetching = false;
  let missed = false; // an event came while a page was on its way: that page may be older than it
  let refetch;
  const fetchPage = async () => {
    const f = values();
    fetching = true;
    missed = false;
    try {
      const result = await api.page(`/api/v1/stations${query({ q: f.q.trim(), online: f.online, limit: PAGE, offset })}`);
      byId.clear();
      for (const s of result.items) byId.set(s.id, s);
      total = result.total;
    } finally {
      fetching = false;
    }
    draw();
    if (missed) later();
  };
  const later = () => { clearTimeout(refetch); refetch = setTimeout(fetchPage, 300); };
  const remember = () => {
    const f = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
    if (offset) f.offset = offset;
    history.replaceState(null, '', `#/stations${Object.keys(f).length ? `?${new URLSearchParams(f)}` : ''}`);
  };
  const go = to => { offset = to; remember(); fetchPage(); };
  let typing;
  form.addEventListener('input', e => {
    clearTimeout(typing);
    if (e.target.name === 'status') { remember(); draw(); return; }
    typing = setTimeout(() => go(0), 250);
  });

  // An event of a shown station changes its row in place. A station not shown is fetched with the page
  // when it belongs on it (it sorts into the page, or the page has room); others are on other pages.
  const onEvent = event => {
    if (fetching) missed = true;
    const station = byId.get(event.stationId);
    if (!station) {
      const ids = [...byId.keys()].sort();
      if (byId.size < PAGE || (event.stationId > ids[0] && event.stationId < ids.at(-1))) later();
      return;
    }
    if (!applyEvent(station, event)) return;
    const old = tbody.querySelector(`tr[data-station-id="${CSS.escape(station.id)}"]`);
    if (!old) return draw();
    const fresh = stationRow(station);
    fresh.classList.add('changed');
    old.replaceWith(fresh);
  };

  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Stations'), count), form, listing, pager);
  await fetchPage();
  const close = subscribe({}, onEvent, fetchPage);
  const clock = setInterval(() => tbody.querySelectorAll('time[data-ago]').forEach(t => { t.textContent = ago(t.dateTime); }), 30000);
  return () => { close(); clearInterval(clock); clearTimeout(typing); clearTimeout(refetch); };
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
