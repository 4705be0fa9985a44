// Reservations: list, reserve (ReserveNow), change (ReserveNow with the same id), cancel
// (CancelReservation). The station's answer is shown; it decides whether the reservation holds.
import { api, ApiError, query } from '../api.js';
import { card, field, h, notice, replace, row, select, table, values } from '../dom.js';
import { fromLocalInput, time, toLocalInput } from '../format.js';

const COLUMNS = ['Reservation', 'Station', 'Connector', 'Id tag', 'Expires', 'Status', ''];
const STATUSES = ['Accepted', 'Occupied', 'Faulted', 'Unavailable', 'Rejected', 'Cancelled', 'Used', 'Expired'];

export async function render(page, _, params) {
  const stations = await api.get('/api/v1/stations');
  const message = h('div', { class: 'messages', 'aria-live': 'polite' });
  const editor = h('div');
  const listing = h('div');
  const filter = h('form', { class: 'filters', role: 'search' },
    field('Station', select('stationId', [['', 'Any'], ...stations.map(s => s.id)], params.get('stationId'))),
    field('Status', select('status', [['', 'Any'], ...STATUSES], params.get('status'))),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Show')));
  filter.addEventListener('submit', e => { e.preventDefault(); location.hash = `#/reservations${query(values(filter))}`; });

  const report = async (what, call) => {
    replace(message, notice('info', `${what}: waiting for the station…`));
    try {
      const answer = await call();
      replace(message, notice('ok', `${what}: ${answer?.status ?? 'done'}`));
      showForm(null);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(message, notice('error', `${what}: ${e.message}`));
    }
    await load();
  };

  const showForm = r => replace(editor, reservationForm(stations, r, body => (r
    ? report(`Reservation ${r.id} changed`, () => api.put(`/api/v1/reservations/${r.id}`, body))
    : report('Reserved', () => api.post('/api/v1/reservations', body))), () => showForm(null)));

  async function load() {
    const list = await api.get(`/api/v1/reservations${query({ stationId: params.get('stationId'), status: params.get('status') })}`);
    replace(listing, list.length ? table('Reservations', COLUMNS, list.map(r => row(COLUMNS, [
      `#${r.id}`, h('a', { href: `#/stations/${encodeURIComponent(r.stationId)}` }, r.stationId), r.evseId ? String(r.evseId) : 'any',
      r.idTag, time(r.expiryDate), h('span', { class: 'chip' }, r.status),
      r.status === 'Accepted' ? h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', onclick: () => showForm(r) }, 'Edit'),
        h('button', { type: 'button', class: 'small danger', onclick: () => confirm(`Cancel reservation ${r.id}?`)
          && report(`Reservation ${r.id} cancelled`, () => api.del(`/api/v1/reservations/${r.id}`)) }, 'Cancel')) : '',
    ], { dataset: { reservationId: r.id } }))) : h('p', { class: 'empty' }, 'No reservation matches.'));
  }

  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Reservations')), message, editor, filter, listing);
  showForm(null);
  await load();
}

function reservationForm(stations, r, save, cancel) {
  const online = stations.filter(s => s.online).map(s => s.id);
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  const form = h('form', { class: 'edit' },
    r ? field('Station', h('input', { name: 'stationId', value: r.stationId, readonly: true }))
      : field('Station', select('stationId', online.length ? online : [['', 'No station is online']], undefined, { required: true })),
    field('Connector', h('input', { type: 'number', name: 'evseId', min: 0, required: true, value: r?.evseId ?? 1 }), '0: any connector'),
    field('Id tag', h('input', { name: 'idTag', required: true, maxlength: 20, value: r?.idTag ?? '' })),
    field('Parent id tag', h('input', { name: 'parentIdTag', maxlength: 20, value: r?.parentIdTag ?? '' })),
    field('Expires', h('input', { type: 'datetime-local', name: 'expiryDate', required: true, value: toLocalInput(r?.expiryDate ?? inAnHour) })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, r ? 'Change' : 'Reserve'),
      r ? h('button', { type: 'button', onclick: cancel }, 'Cancel') : null));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = values(form);
    save({ stationId: v.stationId, evseId: Number(v.evseId), idTag: v.idTag, parentIdTag: v.parentIdTag ?? null, expiryDate: fromLocalInput(v.expiryDate) });
  });
  return card(r ? `Change reservation #${r.id}` : 'New reservation', form);
}
