// Plug-in sessions (plug-in to unplug) with filters, paged, the filtered list as CSV, each session's
// EMM delivery state (failed ones can be sent again), and the state of the EMM link. Kept current by
// connector and transaction events.
import { api, query } from '../api.js';
import { card, field, h, replace, row, select, table, values } from '../dom.js';
import { duration, fromLocalInput, kW, kWh, time, toLocalInput } from '../format.js';
import { subscribe } from '../live.js';
import { userLogCard } from './user-log.js';

const PAGE = 50;
const COLUMNS = ['Session', 'Station', 'EVSE', 'Id tag', 'Plugged in', 'Unplugged', 'Energy', 'Max power', 'Idle', 'Duration', 'State', 'EMM'];

export async function render(page, _, params) {
  const filters = {
    station: params.get('station') ?? '', idTag: params.get('idTag') ?? '',
    from: params.get('from') ?? '', to: params.get('to') ?? '', open: params.get('open') ?? '',
  };
  const offset = Number(params.get('offset') ?? 0);
  const stations = await api.get('/api/v1/stations');

  const form = h('form', { class: 'filters', role: 'search' },
    field('Station', h('input', { name: 'station', value: filters.station, list: 'session-station-ids', autocomplete: 'off' })),
    h('datalist', { id: 'session-station-ids' }, stations.map(s => h('option', { value: s.id }))),
    field('Id tag', h('input', { name: 'idTag', value: filters.idTag, autocomplete: 'off' })),
    field('Plugged in from', h('input', { type: 'datetime-local', name: 'from', value: toLocalInput(filters.from) })),
    field('Plugged in before', h('input', { type: 'datetime-local', name: 'to', value: toLocalInput(filters.to) })),
    field('State', select('open', [['', 'Any'], ['true', 'Open'], ['false', 'Completed']], filters.open)),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('a', { class: 'button', href: '#/charging-sessions' }, 'Clear')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = values(form);
    location.hash = `#/charging-sessions${query({ ...v, from: fromLocalInput(v.from), to: fromLocalInput(v.to) })}`;
  });

  const link = h('div', { id: 'emm-link' });
  const body = h('div');
  const load = async () => {
    const [list, emm] = await Promise.all([
      api.get(`/api/v1/charging-sessions${query({ ...filters, limit: PAGE, offset })}`), api.get('/api/v1/emm')]);
    replace(link, emmCard(emm));
    const pageLink = (label, to) => h('a', { class: 'button', href: `#/charging-sessions${query({ ...filters, offset: to || undefined })}` }, label);
    replace(body,
      list.length ? table('Charging sessions', COLUMNS, list.map(s => sessionRow(s, load))) : h('p', { class: 'empty' }, 'No session matches.'),
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        offset > 0 ? pageLink('Newer', Math.max(0, offset - PAGE)) : null,
        list.length === PAGE ? pageLink('Older', offset + PAGE) : null));
  };
  await load();

  const csv = h('a', { class: 'button', id: 'sessions-csv', href: `/api/v1/charging-sessions.csv${query(filters)}`,
    download: 'charging-sessions.csv' }, 'Download CSV');
  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Charging sessions'), csv), link, form, body, userLogCard());

  let pending;
  const onEvent = event => {
    if (!event.type.startsWith('transaction.') && event.type !== 'connector.status') return;
    clearTimeout(pending);
    pending = setTimeout(load, 300);
  };
  const close = subscribe({ stationId: filters.station || undefined }, onEvent, load);
  return () => { close(); clearTimeout(pending); };
}

function emmCard(emm) {
  if (!emm.enabled) return card('EMM link', h('p', { class: 'muted' }, 'Off (ladewerk.emm.url is not set).'));
  return card('EMM link', h('dl', { class: 'facts' },
    h('dt', {}, 'Last session push'), h('dd', { id: 'emm-last-push' }, time(emm.lastSessionPushAt)),
    h('dt', {}, 'Last status push'), h('dd', {}, time(emm.lastStatusPushAt)),
    h('dt', {}, 'Last settings sync'), h('dd', {}, time(emm.lastSyncAt)),
    h('dt', {}, 'Sessions waiting'), h('dd', { id: 'emm-backlog' }, String(emm.backlog)),
    h('dt', {}, 'Last error'), h('dd', { id: 'emm-last-error' }, emm.lastError ? `${emm.lastError} (${time(emm.lastErrorAt)})` : '—')));
}

function sessionRow(s, reload) {
  let emm = '—';
  if (s.emm) {
    const badge = h('span', { class: `badge ${s.emm.state === 'delivered' ? 'online' : 'offline'}`, title: s.emm.lastError ?? '' }, s.emm.state);
    const again = h('button', { type: 'button', class: 'link' }, 'Send again');
    again.addEventListener('click', async () => {
      await api.post(`/api/v1/charging-sessions/${s.id}/emm-push`, {});
      await reload();
    });
    emm = h('span', {}, badge, s.emm.state === 'failed' ? again : null);
  }
  const idle = s.idleMinutes == null ? '—' : `${s.idleMinutes} min`;
  return row(COLUMNS, [
    `#${s.id}`,
    h('a', { href: `#/stations/${encodeURIComponent(s.stationId)}` }, s.stationId),
    String(s.evseId),
    s.idTag ?? '—',
    time(s.pluggedInAt),
    time(s.unpluggedAt),
    kWh(s.energyWh),
    s.maxPowerW == null ? '—' : kW(s.maxPowerW),
    idle,
    duration(s.pluggedInAt, s.unpluggedAt),
    h('span', { class: `badge ${s.open ? 'online' : 'offline'}` }, s.open ? 'Open' : 'Completed'),
    emm,
  ], { dataset: { sessionId: s.id } });
}
