// Station configuration: OCPP 1.x keys (GetConfiguration / ChangeConfiguration) or the 2.x device
// model's variables (GetBaseReport / SetVariables), shown as last read and editable in place.
import { api, ApiError, seg } from './api.js';
import { card, h, notice, replace, row, table } from './dom.js';
import { time } from './format.js';

export function configurationCard(station, v2) {
  const status = h('div', { 'aria-live': 'polite' });
  const body = h('div', { class: 'scroll' });
  const command = (action, payload) => api.post(`/api/v1/ChargePoint/${seg(station.id)}/${action}`, payload);

  const report = async (what, promise) => {
    replace(status, notice('info', `${what}…`));
    try {
      const answer = await promise;
      replace(status, notice(answer?.status === 'Rejected' ? 'error' : 'ok', `${what}: ${answer?.status ?? 'done'}`));
    } catch (e) {
      replace(status, notice('error', `${what}: ${e instanceof ApiError ? e.message : e}`));
    }
    await reload();
  };

  const readAll = () => (v2
    ? report('Report requested', command('GetBaseReport', { requestId: Math.floor(Math.random() * 2_000_000_000), reportBase: 'ConfigurationInventory' }))
    : report('Read from the station', command('GetConfiguration', {})));

  const edit = (tr, label, current, save) => {
    const input = h('input', { value: current ?? '', 'aria-label': `New value of ${label}` });
    const form = h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); report(`${label} changed`, save(input.value)); } },
      input, h('button', { type: 'submit', class: 'primary' }, 'Save'), h('button', { type: 'button', onclick: reload }, 'Cancel'));
    replace(tr.querySelector('[data-label="Value"]'), form);
    input.focus();
  };

  const keysTable = keys => {
    const columns = ['Key', 'Value', 'Access', 'Read or written', ''];
    return table('Configuration keys', columns, keys.map(k => {
      const tr = row(columns, [k.key, h('code', {}, k.value ?? '—'), k.readonly ? 'read-only' : 'read-write', time(k.updatedAt),
        k.readonly ? '' : h('button', { type: 'button', class: 'small', onclick: () => edit(tr, k.key, k.value,
          value => command('ChangeConfiguration', { key: k.key, value })) }, 'Edit')], { dataset: { key: k.key } });
      return tr;
    }));
  };

  const variablesTable = variables => {
    const columns = ['Component', 'Variable', 'Value', 'Mutability', 'Read or written', ''];
    return table('Device model variables', columns, variables.map(v => {
      const r = v.ref;
      const component = [r.component, r.componentInstance, r.evseId ? `EVSE ${r.evseId}` : ''].filter(Boolean).join(' · ');
      const variable = [r.variable, r.variableInstance, v.attributeType !== 'Actual' ? v.attributeType : ''].filter(Boolean).join(' · ');
      const tr = row(columns, [component, variable, h('code', {}, v.value ?? '—'), v.mutability ?? '—', time(v.updatedAt),
        v.mutability === 'ReadOnly' ? '' : h('button', { type: 'button', class: 'small', onclick: () => edit(tr, variable, v.value,
          value => setVariable(r, v.attributeType, value)) }, 'Edit')]);
      return tr;
    }));
  };

  const setVariable = async (r, attributeType, value) => {
    const component = { name: r.component };
    if (r.componentInstance) component.instance = r.componentInstance;
    if (r.evseId) component.evse = r.connectorId ? { id: r.evseId, connectorId: r.connectorId } : { id: r.evseId };
    const variable = { name: r.variable };
    if (r.variableInstance) variable.instance = r.variableInstance;
    const answer = await command('SetVariables', { setVariableData: [{ attributeType, attributeValue: value, component, variable }] });
    return { status: answer?.setVariableResult?.[0]?.attributeStatus };
  };

  async function reload() {
    const path = `/api/v1/stations/${seg(station.id)}/${v2 ? 'variables' : 'configuration'}`;
    const items = await api.get(path);
    replace(body, items.length ? (v2 ? variablesTable(items) : keysTable(items))
      : h('p', { class: 'empty' }, 'Nothing read yet. Read it from the station (it must be online).'));
  }

  const element = card('Configuration',
    h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: readAll }, v2 ? 'Request a configuration report' : 'Read from the station')),
    status, body);
  element.classList.add('wide');
  return { element, reload };
}
