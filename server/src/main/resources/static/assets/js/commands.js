// Guided forms for the common central-system operations, per OCPP version. Each field becomes a
// labelled control; payload() turns the form's values into the OCPP request.

const int = v => (v === undefined ? undefined : Number(v));
const optional = obj => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
const list = v => (v ? v.split(',').map(s => s.trim()).filter(Boolean) : undefined);

const V16 = [
  {
    action: 'RemoteStartTransaction', label: 'Start charging (RemoteStartTransaction)',
    fields: [
      { name: 'idTag', label: 'Id tag', required: true, maxlength: 20 },
      { name: 'connectorId', label: 'Connector', type: 'number', min: 1, hint: 'Empty: the station chooses' },
    ],
    payload: v => optional({ idTag: v.idTag, connectorId: int(v.connectorId) }),
  },
  {
    action: 'RemoteStopTransaction', label: 'Stop charging (RemoteStopTransaction)',
    fields: [{ name: 'transactionId', label: 'Transaction id', type: 'number', required: true, from: 'openTransaction' }],
    payload: v => ({ transactionId: int(v.transactionId) }),
  },
  {
    action: 'Reset', label: 'Reset',
    fields: [{ name: 'type', label: 'Type', options: ['Soft', 'Hard'] }],
    payload: v => ({ type: v.type }),
  },
  {
    action: 'UnlockConnector', label: 'Unlock connector',
    fields: [{ name: 'connectorId', label: 'Connector', type: 'number', min: 1, required: true }],
    payload: v => ({ connectorId: int(v.connectorId) }),
  },
  {
    action: 'ChangeAvailability', label: 'Change availability',
    fields: [
      { name: 'connectorId', label: 'Connector', type: 'number', min: 0, required: true, value: '0', hint: '0: the whole station' },
      { name: 'type', label: 'Availability', options: ['Operative', 'Inoperative'] },
    ],
    payload: v => ({ connectorId: int(v.connectorId), type: v.type }),
  },
  {
    action: 'TriggerMessage', label: 'Trigger a message',
    fields: [
      { name: 'requestedMessage', label: 'Message', options: ['StatusNotification', 'MeterValues', 'Heartbeat', 'BootNotification',
        'FirmwareStatusNotification', 'DiagnosticsStatusNotification'] },
      { name: 'connectorId', label: 'Connector', type: 'number', min: 1, hint: 'Empty: all' },
    ],
    payload: v => optional({ requestedMessage: v.requestedMessage, connectorId: int(v.connectorId) }),
  },
  {
    action: 'GetConfiguration', label: 'Read configuration (GetConfiguration)',
    fields: [{ name: 'key', label: 'Keys', hint: 'Comma-separated; empty: all keys' }],
    payload: v => optional({ key: list(v.key) }),
  },
  {
    action: 'ChangeConfiguration', label: 'Change configuration',
    fields: [
      { name: 'key', label: 'Key', required: true, maxlength: 50 },
      { name: 'value', label: 'Value', required: true, maxlength: 500 },
    ],
    payload: v => ({ key: v.key, value: v.value }),
  },
  { action: 'ClearCache', label: 'Clear authorization cache', fields: [], payload: () => ({}) },
];

const ID_TOKEN_TYPES = ['Central', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'eMAID', 'NoAuthorization'];
const evse = id => (id === undefined ? undefined : { id: int(id) });

const V2 = [
  {
    action: 'RequestStartTransaction', label: 'Start charging (RequestStartTransaction)',
    fields: [
      { name: 'idToken', label: 'Id token', required: true, maxlength: 36 },
      { name: 'type', label: 'Token type', options: ID_TOKEN_TYPES },
      { name: 'evseId', label: 'EVSE', type: 'number', min: 1, hint: 'Empty: the station chooses' },
    ],
    payload: v => optional({
      idToken: { idToken: v.idToken, type: v.type },
      evseId: int(v.evseId),
      remoteStartId: Math.floor(Math.random() * 2_000_000_000),
    }),
  },
  {
    action: 'RequestStopTransaction', label: 'Stop charging (RequestStopTransaction)',
    fields: [{ name: 'transactionId', label: 'Transaction id (the station’s)', required: true, maxlength: 36, from: 'openTransaction' }],
    payload: v => ({ transactionId: v.transactionId }),
  },
  {
    action: 'Reset', label: 'Reset',
    fields: [
      { name: 'type', label: 'When', options: ['Immediate', 'OnIdle'] },
      { name: 'evseId', label: 'EVSE', type: 'number', min: 1, hint: 'Empty: the whole station' },
    ],
    payload: v => optional({ type: v.type, evseId: int(v.evseId) }),
  },
  {
    action: 'UnlockConnector', label: 'Unlock connector',
    fields: [
      { name: 'evseId', label: 'EVSE', type: 'number', min: 1, required: true },
      { name: 'connectorId', label: 'Connector', type: 'number', min: 1, required: true, value: '1' },
    ],
    payload: v => ({ evseId: int(v.evseId), connectorId: int(v.connectorId) }),
  },
  {
    action: 'ChangeAvailability', label: 'Change availability',
    fields: [
      { name: 'operationalStatus', label: 'Availability', options: ['Operative', 'Inoperative'] },
      { name: 'evseId', label: 'EVSE', type: 'number', min: 1, hint: 'Empty: the whole station' },
    ],
    payload: v => optional({ operationalStatus: v.operationalStatus, evse: evse(v.evseId) }),
  },
  {
    action: 'TriggerMessage', label: 'Trigger a message',
    fields: [
      { name: 'requestedMessage', label: 'Message', options: ['StatusNotification', 'MeterValues', 'Heartbeat', 'BootNotification',
        'TransactionEvent', 'FirmwareStatusNotification', 'LogStatusNotification', 'SignChargingStationCertificate'] },
      { name: 'evseId', label: 'EVSE', type: 'number', min: 1, hint: 'Empty: all' },
    ],
    payload: v => optional({ requestedMessage: v.requestedMessage, evse: evse(v.evseId) }),
  },
  {
    action: 'GetVariables', label: 'Read a variable (GetVariables)',
    fields: [
      { name: 'component', label: 'Component', required: true, value: 'OCPPCommCtrlr' },
      { name: 'variable', label: 'Variable', required: true, value: 'HeartbeatInterval' },
    ],
    payload: v => ({ getVariableData: [{ component: { name: v.component }, variable: { name: v.variable } }] }),
  },
  {
    action: 'SetVariables', label: 'Change a variable (SetVariables)',
    fields: [
      { name: 'component', label: 'Component', required: true },
      { name: 'variable', label: 'Variable', required: true },
      { name: 'value', label: 'Value', required: true, maxlength: 1000 },
    ],
    payload: v => ({ setVariableData: [{ attributeValue: v.value, component: { name: v.component }, variable: { name: v.variable } }] }),
  },
  { action: 'ClearCache', label: 'Clear authorization cache', fields: [], payload: () => ({}) },
];

export function guidedCommands(v2) {
  return v2 ? V2 : V16;
}
