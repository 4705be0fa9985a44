// "Send a command" on the station page: guided forms for the common operations, and any other
// operation as a raw JSON payload, checked here for well-formed JSON and a known action; the
// server then validates it against the official OCPP schema before the station sees it.
import { api, ApiError, seg } from './api.js';
import { field, h, replace, select, values } from './dom.js';
import { guidedCommands } from './commands.js';

const RAW = '';

/** openTransaction() gives the id to prefill in stop forms; onAnswered(action) runs after each answer. */
export function commandForm(station, v2, openTransaction, onAnswered) {
  const commands = guidedCommands(v2);
  const chooser = select('operation', [...commands.map(c => [c.action, c.label]), [RAW, 'Any other operation (JSON payload)']], commands[0].action);
  const fields = h('div', { class: 'fields' });
  const preview = h('pre', { class: 'preview', 'aria-label': 'Payload to send' });
  const answer = h('div', { class: 'answer', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const actions = h('datalist', { id: `actions-${station.id}` });
  let knownActions = null;

  const form = h('form', { class: 'command', novalidate: true },
    field('Operation', chooser), fields, preview, h('div', { class: 'buttons' }, send), answer, actions);

  const chosen = () => commands.find(c => c.action === chooser.value);

  const showFields = () => {
    const command = chosen();
    if (command) {
      replace(fields, command.fields.map(f => field(f.label, control(f, openTransaction), f.hint)));
    } else {
      replace(fields,
        field('Action', h('input', { name: 'action', required: true, list: actions.id, autocomplete: 'off', spellcheck: false }),
          'Any operation the central system may send in this station’s OCPP version'),
        field('Payload (JSON)', h('textarea', { name: 'payload', rows: 8, spellcheck: false, value: '{}' })));
      loadActions();
    }
    showPreview();
    replace(answer);
  };

  const loadActions = async () => {
    if (knownActions) return;
    knownActions = await api.get(`/api/v1/stations/${seg(station.id)}/actions`).catch(() => null);
    replace(actions, (knownActions ?? []).map(a => h('option', { value: a })));
  };

  // the request as it will be sent, or an error saying why it cannot be
  const request = () => {
    const command = chosen();
    const v = values(form);
    if (command) return { action: command.action, payload: command.payload(v) };
    const action = (v.action ?? '').trim();
    if (!action) return { error: 'Choose an action.' };
    if (knownActions && !knownActions.includes(action)) return { error: `${action} is not an operation the central system sends in this OCPP version.` };
    let payload;
    try { payload = JSON.parse(v.payload ?? '{}'); } catch (e) { return { error: `The payload is not valid JSON: ${e.message}` }; }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return { error: 'The payload must be a JSON object.' };
    return { action, payload };
  };

  const showPreview = () => {
    const r = chosen() ? request() : null;
    preview.hidden = !r;
    if (r) preview.textContent = JSON.stringify(r.payload, null, 2);
  };

  form.addEventListener('input', e => { if (e.target !== chooser) showPreview(); });
  chooser.addEventListener('change', showFields);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!form.checkValidity()) return form.reportValidity();
    const r = request();
    const payloadInput = form.elements.payload;
    payloadInput?.setAttribute('aria-invalid', String(Boolean(r.error)));
    if (r.error) return replace(answer, h('p', { class: 'notice error', role: 'alert' }, r.error));
    send.disabled = true;
    replace(answer, h('p', { class: 'notice info' }, `Sent ${r.action}; waiting for the station…`));
    try {
      const body = await api.post(`/api/v1/ChargePoint/${seg(station.id)}/${seg(r.action)}`, r.payload);
      replace(answer, result(r.action, 200, body));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      replace(answer, result(r.action, err.status, err.body));
    } finally {
      send.disabled = false;
      onAnswered?.(r.action);
    }
  });

  showFields();
  return form;
}

function control(f, openTransaction) {
  if (f.options) return select(f.name, f.options, f.value);
  const value = f.from === 'openTransaction' ? openTransaction() ?? '' : f.value;
  return h('input', {
    name: f.name, type: f.type ?? 'text', required: f.required, min: f.min, maxlength: f.maxlength, value,
    inputmode: f.type === 'number' ? 'numeric' : undefined,
  });
}

const MEANING = { 400: 'Rejected before sending', 404: 'Station not connected', 502: 'The station answered with an error',
  504: 'The station did not answer in time' };

function result(action, status, body) {
  const ok = status === 200;
  const summary = ok
    ? `${action}: ${body?.status ?? 'answered'}`
    : `${action}: ${MEANING[status] ?? `HTTP ${status}`}${body?.message ? ` — ${body.message}` : ''}`;
  return h('div', { class: `result ${ok ? 'ok' : 'error'}`, dataset: { httpStatus: status, answer: body?.status ?? '' }, role: ok ? 'status' : 'alert' },
    h('p', {}, h('strong', {}, summary)),
    h('pre', {}, typeof body === 'string' ? body : JSON.stringify(body, null, 2)));
}
