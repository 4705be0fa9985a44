// Charging profiles installed on stations: list, install (SetChargingProfile), change (the same
// profile id sent again replaces it), remove (ClearChargingProfile). A builder writes the common
// single-limit profile in the station's OCPP version; the JSON can be edited before sending.
import { api, ApiError, query, seg } from '../api.js';
import { card, field, h, notice, replace, row, select, table, values } from '../dom.js';
import { isV2, time } from '../format.js';

const COLUMNS = ['Station', 'Profile', 'Connector', 'Stack level', 'Purpose', 'Kind', 'Valid', 'Installed', ''];

export async function render(page, _, params) {
  const stations = await api.get('/api/v1/stations');
  const message = h('div', { class: 'messages', 'aria-live': 'polite' });
  const editor = h('div');
  const listing = h('div');
  const filter = h('form', { class: 'filters', role: 'search' },
    field('Station', select('stationId', [['', 'Any'], ...stations.map(s => s.id)], params.get('stationId'))),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Show')));
  filter.addEventListener('submit', e => { e.preventDefault(); location.hash = `#/charging-profiles${query(values(filter))}`; });

  const report = async (what, call) => {
    replace(message, notice('info', `${what}: waiting for the station…`));
    try {
      const answer = await call();
      replace(message, notice(answer?.status === 'Accepted' ? 'ok' : 'error', `${what}: ${answer?.status ?? 'done'}`));
      if (answer?.status === 'Accepted') showForm(null);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(message, notice('error', `${what}: ${e.message}`));
    }
    await load();
  };
  const showForm = p => replace(editor, profileForm(stations, p,
    body => report(p ? `Profile ${p.profileId} changed` : 'Profile sent', () => api.post('/api/v1/charging-profiles', body)),
    () => showForm(null)));

  async function load() {
    const list = await api.get(`/api/v1/charging-profiles${query({ stationId: params.get('stationId') })}`);
    replace(listing, list.length ? table('Charging profiles', COLUMNS, list.map(p => row(COLUMNS, [
      h('a', { href: `#/stations/${encodeURIComponent(p.stationId)}` }, p.stationId), `#${p.profileId}`,
      p.evseId ? String(p.evseId) : 'station', String(p.stackLevel), p.purpose, p.kind,
      p.validFrom || p.validTo ? `${time(p.validFrom)} – ${time(p.validTo)}` : 'always', time(p.installedAt),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', onclick: () => showForm(p) }, 'Edit'),
        h('button', { type: 'button', class: 'small danger', onclick: () => confirm(`Remove profile ${p.profileId} from ${p.stationId}?`)
          && report(`Profile ${p.profileId} removed`, () => api.del(`/api/v1/charging-profiles/${seg(p.stationId)}/${p.profileId}`)) }, 'Remove')),
    ]))) : h('p', { class: 'empty' }, 'No profile is installed.'));
  }

  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Charging profiles')), message, editor, filter, listing);
  showForm(null);
  await load();
}

/** A single-period limit in the shape of the station's version (csChargingProfiles in 1.6, chargingProfile in 2.x). */
function build(v2, b) {
  const period = { startPeriod: 0, limit: Number(b.limit) };
  const schedule = { chargingRateUnit: b.unit, chargingSchedulePeriod: [period] };
  const kind = { chargingProfileKind: b.kind };
  if (b.kind === 'Recurring') kind.recurrencyKind = 'Daily';
  if (b.kind !== 'Relative') schedule.startSchedule = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return v2
    ? { id: Number(b.profileId), stackLevel: Number(b.stackLevel), chargingProfilePurpose: b.purpose, ...kind, chargingSchedule: [{ id: 1, ...schedule }] }
    : { chargingProfileId: Number(b.profileId), stackLevel: Number(b.stackLevel), chargingProfilePurpose: b.purpose, ...kind, chargingSchedule: schedule };
}

function profileForm(stations, existing, send, cancel) {
  const online = stations.filter(s => s.online);
  const versionOf = id => stations.find(s => s.id === id)?.ocppVersion;
  const station = existing
    ? h('input', { name: 'stationId', value: existing.stationId, readonly: true })
    : select('stationId', online.length ? online.map(s => s.id) : [['', 'No station is online']], undefined, { required: true });
  const purposes = v2 => [v2 ? 'ChargingStationMaxProfile' : 'ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'];
  const purpose = select('purpose', purposes(isV2(versionOf(station.value))), existing?.purpose ?? 'TxDefaultProfile');
  const json = h('textarea', { name: 'profile', rows: 10, spellcheck: false, required: true });
  const builder = h('fieldset', {},
    h('legend', {}, 'Single limit'),
    field('Profile id', h('input', { type: 'number', name: 'profileId', min: 1, value: existing?.profileId ?? 1 })),
    field('Stack level', h('input', { type: 'number', name: 'stackLevel', min: 0, value: existing?.stackLevel ?? 0 })),
    field('Purpose', purpose),
    field('Kind', select('kind', ['Absolute', 'Recurring', 'Relative'], existing?.kind ?? 'Relative')),
    field('Unit', select('unit', [['A', 'Amperes (A)'], ['W', 'Watts (W)']], 'A')),
    field('Limit', h('input', { type: 'number', name: 'limit', min: 0, step: 0.1, value: 16 })));
  const form = h('form', { class: 'edit' },
    field('Station', station),
    field('Connector', h('input', { type: 'number', name: 'evseId', min: 0, required: true, value: existing?.evseId ?? 0 }), '0: the whole station'),
    builder,
    field('Profile as sent (JSON)', json, 'Written by the fields above; edit it for schedules with several periods'),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, existing ? 'Send again' : 'Send to the station'),
      existing ? h('button', { type: 'button', onclick: cancel }, 'Cancel') : null),
    h('p', { class: 'notice error', role: 'alert', hidden: true }));

  const rebuild = () => { json.value = JSON.stringify(build(isV2(versionOf(station.value)), values(form)), null, 2); };
  builder.addEventListener('input', rebuild);
  // purposes are named differently in 1.6 and 2.x
  station.addEventListener('change', () => {
    const chosen = purpose.value;
    const names = purposes(isV2(versionOf(station.value)));
    replace(purpose, names.map(p => h('option', { value: p }, p)));
    purpose.value = names.includes(chosen) ? chosen : 'TxDefaultProfile';
    rebuild();
  });
  if (existing?.profileJson) json.value = JSON.stringify(JSON.parse(existing.profileJson), null, 2);
  else rebuild();

  form.addEventListener('submit', e => {
    e.preventDefault();
    const error = form.querySelector('.notice.error');
    let profile;
    try { profile = JSON.parse(json.value); } catch (err) { profile = null; error.textContent = `The profile is not valid JSON: ${err.message}`; }
    error.hidden = Boolean(profile);
    json.setAttribute('aria-invalid', String(!profile));
    if (profile) send({ stationId: form.elements.stationId.value, evseId: Number(form.elements.evseId.value), profile });
  });
  return card(existing ? `Change profile #${existing.profileId} of ${existing.stationId}` : 'New charging profile', form);
}
