// Transactions with filters (station, tag, period, open/closed), paged, with the filtered list as
// CSV. Kept current by transaction events.
import { api, query } from '../api.js';
import { field, h, replace, row, select, table, values } from '../dom.js';
import { duration, fromLocalInput, kWh, time, toLocalInput } from '../format.js';
import { subscribe } from '../live.js';

const PAGE = 50;
const COLUMNS = ['Transaction', 'Station', 'Connector', 'Id tag', 'Started', 'Stopped', 'Energy', 'Duration', 'State'];

export async function render(page, _, params) {
  const filters = {
    stationId: params.get('stationId') ?? '', idTag: params.get('idTag') ?? '',
    from: params.get('from') ?? '', to: params.get('to') ?? '', open: params.get('open') ?? '',
  };
  const offset = Number(params.get('offset') ?? 0);
  const stations = await api.get('/api/v1/stations');

  const form = h('form', { class: 'filters', role: 'search' },
    field('Station', h('input', { name: 'stationId', value: filters.stationId, list: 'station-ids', autocomplete: 'off' })),
    h('datalist', { id: 'station-ids' }, stations.map(s => h('option', { value: s.id }))),
    field('Id tag', h('input', { name: 'idTag', value: filters.idTag, autocomplete: 'off' })),
    field('Started from', h('input', { type: 'datetime-local', name: 'from', value: toLocalInput(filters.from) })),
    field('Started before', h('input', { type: 'datetime-local', name: 'to', value: toLocalInput(filters.to) })),
    field('State', select('open', [['', 'Any'], ['true', 'Open'], ['false', 'Closed']], filters.open)),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('a', { class: 'button', href: '#/transactions' }, 'Clear')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = values(form);
    location.hash = `#/transactions${query({ ...v, from: fromLocalInput(v.from), to: fromLocalInput(v.to) })}`;
  });

  const body = h('div');
  const load = async () => {
    const list = await api.get(`/api/v1/transactions${query({ ...filters, limit: PAGE, offset })}`);
    const pageLink = (label, to) => h('a', { class: 'button', href: `#/transactions${query({ ...filters, offset: to || undefined })}` }, label);
    replace(body,
      list.length ? table('Transactions', COLUMNS, list.map(transactionRow)) : h('p', { class: 'empty' }, 'No transaction matches.'),
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        offset > 0 ? pageLink('Newer', Math.max(0, offset - PAGE)) : null,
        list.length === PAGE ? pageLink('Older', offset + PAGE) : null));
  };
  await load();

  const csv = h('a', { class: 'button', id: 'csv', href: `/api/v1/transactions.csv${query(filters)}`, download: 'transactions.csv' },
    'Download CSV');
  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Transactions'), csv), form, body);

  let pending;
  const onEvent = event => {
    if (!event.type.startsWith('transaction.')) return;
    clearTimeout(pending);
    pending = setTimeout(load, 300);
  };
  const close = subscribe({ stationId: filters.stationId || undefined }, onEvent, load);
  return () => { close(); clearTimeout(pending); };
}

function transactionRow(t) {
  return row(COLUMNS, [
    h('a', { href: `#/transactions/${t.id}` }, `#${t.id}`),
    h('a', { href: `#/stations/${encodeURIComponent(t.stationId)}` }, t.stationId),
    t.evseId ? String(t.evseId) : '—',
    t.idTag ?? '—',
    time(t.startAt),
    time(t.stopAt),
    kWh(t.energyWh),
    duration(t.startAt, t.stopAt),
    h('span', { class: `badge ${t.open ? 'online' : 'offline'}` }, t.open ? 'Open' : 'Closed'),
  ], { dataset: { transactionId: t.id } });
}
