// End-to-end OCPP 2.0.1 session against a running Ladewerk central system, driven by an
// independent client library (ocpp-rpc) in strict mode: every frame sent or received is
// validated against the official OCPP 2.0.1 JSON schemas, so a non-conforming frame from the
// server fails the run. Counterpart of strict-session.mjs (OCPP 1.6).
//
// Usage: node strict-session-201.mjs <wsBaseUrl> <httpBaseUrl> <stationId>
//   e.g. node strict-session-201.mjs ws://127.0.0.1:9220/ocpp http://127.0.0.1:9220 STRICT201-1
// REST credentials: LADEWERK_API_USER / LADEWERK_API_PASSWORD (default admin / admin).
// Optional: LADEWERK_E2E_TIMEOUT_MS (overall watchdog, default 120000),
//           LADEWERK_E2E_RESERVATION_ID (the ReserveNow id, default 77).
//
// Progress goes to stderr; the last line on stdout is a one-line JSON summary
// ({"ok":true,...} with exit code 0, or {"ok":false,"step":...,"error":...} with exit code 1).

import { randomBytes, randomUUID } from 'node:crypto';
import rpc from 'ocpp-rpc';
import { run, init, log, fail, check, step, describe, show, iso, difference, rest, expectStatus, expectJson, E2EFailure, OCPP_RPC_VERSION, isDateTime } from './harness.mjs';

const { RPCClient } = rpc;
const PROTOCOL = 'ocpp2.0.1';

const { stationId, wsBase, httpBase } = init('strict-session-201');
let client = null;
const sameInstant = (a, b) => typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);


/** GET that must answer 200 with JSON; returns the body. */
async function getJson(path) {
    const res = await rest('GET', path);
    expectStatus(res, 200);
    return { body: expectJson(res), text: res.text };
}

async function getArray(path) {
    const { body, text } = await getJson(path);
    check(Array.isArray(body), `GET ${path}: expected a JSON array, got ${text.slice(0, 2000)}`);
    return { body, text };
}

const station = encodeURIComponent(stationId);

// ---------------------------------------------------------------- the simulated charging station

const received = [];            // every central-system-initiated call: {action, params, response}
const stationCalls = [];        // every station-initiated call: {action, params, result}

/** The station's device model, keyed "Component[evseId]/Variable/attributeType". */
const deviceModel = new Map();
const key = (component, variable, type) =>
    `${component.name}${component.instance ? `:${component.instance}` : ''}${component.evse ? `[${component.evse.id}]` : ''}`
    + `/${variable.name}${variable.instance ? `:${variable.instance}` : ''}/${type ?? 'Actual'}`;
deviceModel.set(key({ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' }), '300');
deviceModel.set(key({ name: 'AuthCtrlr' }, { name: 'Enabled' }), 'true');
deviceModel.set(key({ name: 'EVSE', evse: { id: 1 } }, { name: 'Power' }, 'Actual'), '0');
deviceModel.set(key({ name: 'EVSE', evse: { id: 1 } }, { name: 'Power' }, 'MaxSet'), '22000');

const monitorIds = { next: 501 };
const CERT_HASH = {
    hashAlgorithm: 'SHA256',
    issuerNameHash: 'f2311e9a995dfbd006bfc909e480987dc2d440ae6eaf1746efdadc638a295f65',
    issuerKeyHash: '5c4ae0e1b5b5a2a8e6e0e6f1a0cdf0f0ce0fa7d4a2b8a1b6a1d0e2c4f3b2a190',
    serialNumber: '1a2b3c4d5e6f',
};
const DUMMY_PEM = '-----BEGIN CERTIFICATE-----\nTUlJQmxhZGV3ZXJrLXN0cmljdC1lMmUtbm90LWEtcmVhbC1jZXJ0aWZpY2F0ZQ==\n-----END CERTIFICATE-----\n';

const accepted = () => ({ status: 'Accepted' });

/** Schema-valid responses for every call an OCPP 2.0.1 CSMS may send (all 40). */
const responders = {
    CancelReservation: accepted,
    CertificateSigned: accepted,
    ChangeAvailability: accepted,
    ClearCache: accepted,
    ClearChargingProfile: accepted,
    ClearDisplayMessage: accepted,
    ClearVariableMonitoring: (p) => ({ clearMonitoringResult: p.id.map((id) => ({ status: 'Accepted', id })) }),
    CostUpdated: () => ({}),
    CustomerInformation: accepted,
    DataTransfer: () => ({ status: 'Accepted', data: { pong: true, seq: 2 } }),
    DeleteCertificate: accepted,
    GetBaseReport: accepted,
    GetChargingProfiles: accepted,
    GetCompositeSchedule: (p) => ({
        status: 'Accepted',
        schedule: {
            evseId: p.evseId,
            duration: p.duration,
            scheduleStart: iso(),
            chargingRateUnit: p.chargingRateUnit ?? 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 1800, limit: 10.5, numberPhases: 3 }],
        },
    }),
    GetDisplayMessages: accepted,
    GetInstalledCertificateIds: (p) => ({
        status: 'Accepted',
        certificateHashDataChain: [{ certificateType: p.certificateType?.[0] ?? 'CSMSRootCertificate', certificateHashData: CERT_HASH }],
    }),
    GetLocalListVersion: () => ({ versionNumber: 9 }),
    GetLog: () => ({ status: 'Accepted', filename: 'diagnostics-strict-201.log' }),
    GetMonitoringReport: accepted,
    GetReport: accepted,
    GetTransactionStatus: () => ({ ongoingIndicator: false, messagesInQueue: false }),
    GetVariables: (p) => ({
        getVariableResult: p.getVariableData.map((d) => {
            const value = deviceModel.get(key(d.component, d.variable, d.attributeType));
            const result = { component: d.component, variable: d.variable };
            if (d.attributeType) result.attributeType = d.attributeType;
            if (value === undefined) return { ...result, attributeStatus: 'UnknownComponent' };
            return { ...result, attributeStatus: 'Accepted', attributeValue: value };
        }),
    }),
    InstallCertificate: accepted,
    PublishFirmware: accepted,
    RequestStartTransaction: accepted,
    RequestStopTransaction: accepted,
    ReserveNow: accepted,
    Reset: accepted,
    SendLocalList: accepted,
    SetChargingProfile: accepted,
    SetDisplayMessage: accepted,
    SetMonitoringBase: () => ({ status: 'Accepted', statusInfo: { reasonCode: 'NoError', additionalInfo: 'monitoring base set' } }),
    SetMonitoringLevel: accepted,
    SetNetworkProfile: accepted,
    SetVariableMonitoring: (p) => ({
        setMonitoringResult: p.setMonitoringData.map((d) => ({
            id: d.id ?? monitorIds.next++,
            status: 'Accepted',
            type: d.type,
            severity: d.severity,
            component: d.component,
            variable: d.variable,
        })),
    }),
    SetVariables: (p) => ({
        setVariableResult: p.setVariableData.map((d) => {
            const k = key(d.component, d.variable, d.attributeType);
            const known = deviceModel.has(k);
            if (known) deviceModel.set(k, d.attributeValue);
            const result = { component: d.component, variable: d.variable, attributeStatus: known ? 'Accepted' : 'UnknownVariable' };
            if (d.attributeType) result.attributeType = d.attributeType;
            return result;
        }),
    }),
    TriggerMessage: accepted,
    UnlockConnector: () => ({ status: 'Unlocked' }),
    UnpublishFirmware: () => ({ status: 'Unpublished' }),
    UpdateFirmware: accepted,
};

const ALL_ACTIONS = ['CancelReservation', 'CertificateSigned', 'ChangeAvailability', 'ClearCache', 'ClearChargingProfile',
    'ClearDisplayMessage', 'ClearVariableMonitoring', 'CostUpdated', 'CustomerInformation', 'DataTransfer', 'DeleteCertificate',
    'GetBaseReport', 'GetChargingProfiles', 'GetCompositeSchedule', 'GetDisplayMessages', 'GetInstalledCertificateIds',
    'GetLocalListVersion', 'GetLog', 'GetMonitoringReport', 'GetReport', 'GetTransactionStatus', 'GetVariables',
    'InstallCertificate', 'PublishFirmware', 'RequestStartTransaction', 'RequestStopTransaction', 'ReserveNow', 'Reset',
    'SendLocalList', 'SetChargingProfile', 'SetDisplayMessage', 'SetMonitoringBase', 'SetMonitoringLevel', 'SetNetworkProfile',
    'SetVariableMonitoring', 'SetVariables', 'TriggerMessage', 'UnlockConnector', 'UnpublishFirmware', 'UpdateFirmware'];

async function callStation(action, params) {
    let result;
    try {
        result = await client.call(action, params);
    } catch (e) {
        throw new E2EFailure(`${action} ${show(params)} was not answered with a valid CALLRESULT: ${describe(e)}`);
    }
    stationCalls.push({ action, params, result });
    return result;
}

/** Calls the station must answer with an empty object (the 2.0.1 schema allows only customData). */
async function callEmpty(action, params) {
    const r = await callStation(action, params);
    check(difference({}, r) === null, `${action} answered ${show(r)}, expected {}`);
}

const isInteger = (v) => typeof v === 'number' && Number.isInteger(v);

// ---------------------------------------------------------------- the session

async function main() {
    const tag = 'S201-' + randomBytes(4).toString('hex').toUpperCase();
    const idToken = { idToken: tag, type: 'ISO14443' };
    const stationTxId = randomUUID();
    const reservationId = Number(process.env.LADEWERK_E2E_RESERVATION_ID ?? 77);
    const profileId = 700 + (randomBytes(1)[0] % 100);
    let transactionId;          // the central system's id of the transaction
    log(`ocpp-rpc ${OCPP_RPC_VERSION}, station ${stationId}, id token ${tag}, transaction ${stationTxId}, ws ${wsBase}, http ${httpBase}`);

    await step('a. register id tag', async () => {
        const res = await rest('PUT', `/api/v1/id-tags/${encodeURIComponent(tag)}`, { status: 'Accepted' });
        expectStatus(res, 200, 201);
    });

    await step('b. connect strict client', async () => {
        run.client = client = new RPCClient({
            endpoint: wsBase,
            identity: stationId,
            protocols: [PROTOCOL],
            strictMode: true,
            reconnect: false,
            callTimeoutMs: 30_000,
        });
        client.on('strictValidationFailure', (ev) => {
            const direction = ev.outbound ? 'outbound (ours)' : 'inbound (from the server)';
            const kind = ev.isCall ? 'CALL' : 'CALLRESULT';
            fail(`strict validation failed for ${direction} ${kind} ${ev.method} [${ev.messageId}]: `
                + `${describe(ev.error)}; params=${show(ev.params)}`
                + (ev.result != null ? `; result=${show(ev.result)}` : ''));
        });
        client.on('badMessage', (ev) => {
            fail(`server sent a message that is not valid OCPP-J RPC: ${describe(ev.error)}; `
                + `message=${String(ev.buffer).slice(0, 2000)}`);
        });
        client.on('socketError', (e) => fail(`WebSocket error: ${describe(e)}`));
        client.on('disconnect', (ev) => {
            if (!run.closingOnPurpose) fail(`server closed the connection unexpectedly: code ${ev.code} reason "${ev.reason}"`);
        });
        check(ALL_ACTIONS.length === 40 && ALL_ACTIONS.every((a) => responders[a])
            && Object.keys(responders).length === ALL_ACTIONS.length, 'test bug: not every OCPP 2.0.1 CSMS action has a handler');
        for (const [action, respond] of Object.entries(responders)) {
            client.handle(action, ({ params }) => {
                const response = respond(params);
                received.push({ action, params, response });
                log(`   <- ${action} ${show(params)} => ${show(response)}`);
                return response;
            });
        }
        client.handle(({ method, params }) => {
            fail(`server sent an unexpected call ${method} ${show(params)}`);
        });
        try {
            await client.connect();
        } catch (e) {
            throw new E2EFailure(`could not connect to ${wsBase}/${station}: ${describe(e)}`);
        }
        check(client.protocol === PROTOCOL, `negotiated subprotocol is ${show(client.protocol)}, expected "${PROTOCOL}"`);
    });

    const tStart = iso(-180_000);
    const tUpdate = iso(-120_000);
    const tEnd = iso(-60_000);
    const energy = (wh, context, extra = {}) => ({
        value: wh, context, measurand: 'Energy.Active.Import.Register', location: 'Outlet', unitOfMeasure: { unit: 'Wh' }, ...extra,
    });
    const periodic = (measurand, value, unit, extra = {}) => ({
        value, context: 'Sample.Periodic', measurand, unitOfMeasure: { unit }, ...extra,
    });
    // what the transaction's events carry, as the server should keep them
    const expectedSamples = [
        { measurand: 'Energy.Active.Import.Register', context: 'Transaction.Begin', unit: 'Wh', value: 1000, phase: null, at: tStart },
        { measurand: 'Energy.Active.Import.Register', context: 'Sample.Periodic', unit: 'Wh', value: 2000, phase: null, at: tUpdate },
        { measurand: 'Power.Active.Import', context: 'Sample.Periodic', unit: 'W', value: 11040, phase: null, at: tUpdate },
        { measurand: 'Current.Import', context: 'Sample.Periodic', unit: 'A', value: 16, phase: 'L1', at: tUpdate },
        { measurand: 'Current.Import', context: 'Sample.Periodic', unit: 'A', value: 15.9, phase: 'L2', at: tUpdate },
        { measurand: 'Current.Import', context: 'Sample.Periodic', unit: 'A', value: 16.1, phase: 'L3', at: tUpdate },
        { measurand: 'Voltage', context: 'Sample.Periodic', unit: 'V', value: 230, phase: 'L1-N', at: tUpdate },
        { measurand: 'SoC', context: 'Sample.Periodic', unit: 'Percent', value: 57, phase: null, at: tUpdate },
        { measurand: 'Energy.Active.Import.Register', context: 'Transaction.End', unit: 'Wh', value: 3000, phase: null, at: tEnd },
    ];

    const securityEvent = { type: 'SettingSystemTime', timestamp: iso(), techInfo: 'strict e2e: clock set' };
    const notifyEvent = {
        generatedAt: iso(),
        seqNo: 0,
        eventData: [{
            eventId: 4001,
            timestamp: iso(),
            trigger: 'Delta',
            actualValue: 'Occupied',
            component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
            variable: { name: 'AvailabilityState' },
            eventNotificationType: 'HardWiredNotification',
        }],
    };
    const reportData = [
        {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite', persistent: true, constant: false }],
            variableCharacteristics: { unit: 's', dataType: 'integer', minLimit: 1, maxLimit: 86400, supportsMonitoring: false },
        },
        {
            component: { name: 'AuthCtrlr' },
            variable: { name: 'Enabled' },
            variableAttribute: [{ type: 'Actual', value: 'true', mutability: 'ReadWrite' }],
            variableCharacteristics: { dataType: 'boolean', supportsMonitoring: false },
        },
        {
            component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'Power' },
            variableAttribute: [
                { type: 'Actual', value: '0', mutability: 'ReadOnly' },
                { type: 'MaxSet', value: '22000', mutability: 'ReadOnly' },
            ],
            variableCharacteristics: { unit: 'W', dataType: 'decimal', maxLimit: 22000, supportsMonitoring: true },
        },
        {
            component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
            variable: { name: 'AvailabilityState' },
            variableAttribute: [{ type: 'Actual', value: 'Available', mutability: 'ReadOnly' }],
            variableCharacteristics: { dataType: 'OptionList', valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted',
                supportsMonitoring: true },
        },
    ];

    await step('c. station-initiated session', async () => {
        const boot = await callStation('BootNotification', {
            reason: 'PowerUp',
            chargingStation: {
                vendorName: 'Ladewerk-E2E',
                model: 'ocpp-rpc-strict-201',
                serialNumber: stationId.slice(0, 25),
                firmwareVersion: `ocpp-rpc-${OCPP_RPC_VERSION}`,
            },
        });
        check(boot.status === 'Accepted', `BootNotification status ${show(boot.status)}, expected "Accepted": ${show(boot)}`);
        check(isInteger(boot.interval), `BootNotification interval is not an integer: ${show(boot)}`);
        check(isDateTime(boot.currentTime), `BootNotification currentTime is not a date-time: ${show(boot)}`);

        const status = (connectorStatus) => callEmpty('StatusNotification',
            { timestamp: iso(), connectorStatus, evseId: 1, connectorId: 1 });
        await status('Available');
        await status('Occupied');

        const auth = await callStation('Authorize', { idToken });
        check(auth.idTokenInfo?.status === 'Accepted', `Authorize ${tag}: expected idTokenInfo.status "Accepted", got ${show(auth)}`);

        const started = await callStation('TransactionEvent', {
            eventType: 'Started',
            timestamp: tStart,
            triggerReason: 'Authorized',
            seqNo: 0,
            transactionInfo: { transactionId: stationTxId, chargingState: 'EVConnected' },
            evse: { id: 1, connectorId: 1 },
            idToken,
            meterValue: [{ timestamp: tStart, sampledValue: [energy(1000, 'Transaction.Begin')] }],
        });
        check(started.idTokenInfo?.status === 'Accepted',
            `TransactionEvent Started with idToken ${tag}: expected idTokenInfo.status "Accepted", got ${show(started)}`);

        const updated = await callStation('TransactionEvent', {
            eventType: 'Updated',
            timestamp: tUpdate,
            triggerReason: 'MeterValuePeriodic',
            seqNo: 1,
            transactionInfo: { transactionId: stationTxId, chargingState: 'Charging' },
            evse: { id: 1, connectorId: 1 },
            meterValue: [{
                timestamp: tUpdate,
                sampledValue: [
                    energy(2000, 'Sample.Periodic'),
                    periodic('Power.Active.Import', 11040, 'W'),
                    periodic('Current.Import', 16, 'A', { phase: 'L1' }),
                    periodic('Current.Import', 15.9, 'A', { phase: 'L2' }),
                    periodic('Current.Import', 16.1, 'A', { phase: 'L3' }),
                    periodic('Voltage', 230, 'V', { phase: 'L1-N' }),
                    periodic('SoC', 57, 'Percent', { location: 'EV' }),
                ],
            }],
        });
        check(updated.idTokenInfo === undefined,
            `TransactionEvent Updated without idToken was answered with idTokenInfo: ${show(updated)}`);

        const ended = await callStation('TransactionEvent', {
            eventType: 'Ended',
            timestamp: tEnd,
            triggerReason: 'EVDeparted',
            seqNo: 2,
            transactionInfo: { transactionId: stationTxId, stoppedReason: 'EVDisconnected' },
            evse: { id: 1, connectorId: 1 },
            meterValue: [{ timestamp: tEnd, sampledValue: [energy(3000, 'Transaction.End')] }],
        });
        check(ended.idTokenInfo === undefined, `TransactionEvent Ended without idToken was answered with idTokenInfo: ${show(ended)}`);

        const hb = await callStation('Heartbeat', {});
        check(isDateTime(hb.currentTime), `Heartbeat currentTime is not a date-time: ${show(hb)}`);

        // outside any transaction: a clock-aligned register reading
        await callEmpty('MeterValues', {
            evseId: 1,
            meterValue: [{ timestamp: iso(), sampledValue: [energy(3000, 'Sample.Clock')] }],
        });

        const before = received.length;
        const gbr = await rest('POST', `/api/v1/ChargePoint/${station}/GetBaseReport`, { requestId: 11, reportBase: 'FullInventory' });
        expectStatus(gbr, 200);
        const got = received.slice(before);
        check(got.length === 1 && got[0].action === 'GetBaseReport',
            `GetBaseReport: expected the station to receive exactly one GetBaseReport, it received ${show(got.map((g) => g.action))}`);
        check(difference(got[0].response, expectJson(gbr)) === null,
            `GetBaseReport: REST body ${gbr.text} differs from the station's CALLRESULT ${show(got[0].response)}`);
        await callEmpty('NotifyReport', { requestId: 11, generatedAt: iso(), seqNo: 0, tbc: false, reportData });

        await callEmpty('SecurityEventNotification', securityEvent);
        await callEmpty('NotifyEvent', notifyEvent);
        await callEmpty('FirmwareStatusNotification', { status: 'Idle' });
        await callEmpty('LogStatusNotification', { status: 'Idle' });
        await status('Available');

        const dt = await callStation('DataTransfer', { vendorId: 'org.ladewerk.e2e', messageId: 'hello', data: { station: stationId } });
        check(typeof dt.status === 'string', `DataTransfer answered without status: ${show(dt)}`);
    });

    await step('d. persistence', async () => {
        const { body: list, text: listText } = await getArray(`/api/v1/transactions?stationId=${station}`);
        check(list.length === 1, `expected exactly one transaction for ${stationId}, got ${list.length}: ${listText.slice(0, 2000)}`);
        transactionId = list[0].id;

        const { body: tx, text } = await getJson(`/api/v1/transactions/${transactionId}`);
        const expect = (field, value) => check(Object.is(tx[field], value),
            `transaction ${field} ${show(tx[field])}, expected ${show(value)}: ${text.slice(0, 3000)}`);
        expect('stationId', stationId);
        expect('stationTransactionId', stationTxId);
        expect('meterStartWh', 1000);
        expect('meterStopWh', 3000);
        expect('energyWh', 2000);
        expect('open', false);
        expect('idTag', tag);
        expect('evseId', 1);
        expect('connectorId', 1);
        expect('stopReason', 'EVDisconnected');
        check(sameInstant(tx.startAt, tStart), `transaction startAt ${show(tx.startAt)}, expected ${tStart} (the Started event): ${text}`);
        check(sameInstant(tx.stopAt, tEnd), `transaction stopAt ${show(tx.stopAt)}, expected ${tEnd} (the Ended event): ${text}`);

        check(Array.isArray(tx.samples), `transaction samples is not an array: ${text.slice(0, 3000)}`);
        for (const e of expectedSamples) {
            const found = tx.samples.find((s) => s.measurand === e.measurand && (s.phase ?? null) === e.phase
                && s.context === e.context && s.unit === e.unit && Number(s.value) === e.value && sameInstant(s.timestamp, e.at));
            check(found, `transaction has no sample ${show(e)}; samples: ${show(tx.samples).slice(0, 3000)}`);
        }
        check(tx.samples.length === expectedSamples.length,
            `transaction has ${tx.samples.length} samples, expected the ${expectedSamples.length} its events carried `
            + `(the MeterValues after the Ended event belongs to no transaction): ${show(tx.samples).slice(0, 3000)}`);

        const { body: st, text: stText } = await getJson(`/api/v1/stations/${station}`);
        check(st.ocppVersion === PROTOCOL, `station ocppVersion ${show(st.ocppVersion)}, expected "${PROTOCOL}": ${stText}`);
        check(st.online === true, `station online ${show(st.online)}, expected true: ${stText}`);
        check(st.vendor === 'Ladewerk-E2E' && st.model === 'ocpp-rpc-strict-201',
            `station vendor/model ${show(st.vendor)}/${show(st.model)}, expected those of the BootNotification: ${stText}`);
        const connector = (st.connectors ?? []).find((c) => c.evseId === 1 && c.connectorId === 1);
        check(connector?.status === 'Available', `station connector 1/1 status ${show(connector?.status)}, `
            + `expected "Available" (the last StatusNotification): ${stText}`);

        const { body: vars, text: varsText } = await getArray(`/api/v1/stations/${station}/variables`);
        const variable = (component, name, type = 'Actual') => vars.find((v) => v.ref?.component === component
            && v.ref?.variable === name && (v.attributeType ?? 'Actual') === type);
        const hb = variable('OCPPCommCtrlr', 'HeartbeatInterval');
        check(hb, `variables have no OCPPCommCtrlr/HeartbeatInterval: ${varsText.slice(0, 3000)}`);
        check(hb.value === '300' && hb.mutability === 'ReadWrite' && hb.dataType === 'integer' && hb.unit === 's'
            && hb.minLimit === 1 && hb.maxLimit === 86400 && hb.supportsMonitoring === false,
        `OCPPCommCtrlr/HeartbeatInterval does not carry what NotifyReport reported (value "300", ReadWrite, integer, s, 1..86400, `
            + `supportsMonitoring false): ${show(hb)}`);
        for (const [component, name, type, value] of [['AuthCtrlr', 'Enabled', 'Actual', 'true'], ['EVSE', 'Power', 'Actual', '0'],
            ['EVSE', 'Power', 'MaxSet', '22000'], ['Connector', 'AvailabilityState', 'Actual', 'Available']]) {
            const v = variable(component, name, type);
            const same = vars.filter((e) => e.ref?.component === component && e.ref?.variable === name);
            check(v?.value === value, `variables: ${component}/${name} attribute ${type} is ${show(v)}, expected value ${show(value)} `
                + `as NotifyReport reported it (variableAttribute type ${type}); all attributes of ${component}/${name}: ${show(same)}`);
        }
        const power = variable('EVSE', 'Power', 'MaxSet');
        check(power.ref.evseId === 1, `EVSE/Power is not tied to EVSE 1: ${show(power)}`);

        const { body: reports, text: reportsText } = await getArray(`/api/v1/stations/${station}/reports`);
        for (const [action, payload] of [['SecurityEventNotification', securityEvent], ['NotifyEvent', notifyEvent]]) {
            const r = reports.find((e) => e.action === action);
            check(r, `reports have no ${action} entry: ${reportsText.slice(0, 3000)}`);
            let kept;
            try {
                kept = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
            } catch {
                kept = r.payload;
            }
            const d = difference(payload, kept);
            check(d === null, `reports: the ${action} entry is not the payload sent: ${d}; entry: ${show(r)}`);
        }

        const { body: maint, text: maintText } = await getArray(`/api/v1/stations/${station}/maintenance`);
        for (const kind of ['firmware', 'log']) {
            check(maint.some((m) => m.kind === kind && m.status === 'Idle'),
                `maintenance has no ${kind} status "Idle" (from ${kind === 'log' ? 'LogStatusNotification' : 'FirmwareStatusNotification'}): `
                + maintText.slice(0, 2000));
        }
    });

    const variableCheck = async (expectedValue) => {
        const { body: vars, text } = await getArray(`/api/v1/stations/${station}/variables`);
        const hb = vars.find((v) => v.ref?.component === 'OCPPCommCtrlr' && v.ref?.variable === 'HeartbeatInterval'
            && (v.attributeType ?? 'Actual') === 'Actual');
        check(hb?.value === expectedValue, `after SetVariables (Accepted) OCPPCommCtrlr/HeartbeatInterval is ${show(hb)}, `
            + `expected value ${show(expectedValue)}: ${text.slice(0, 3000)}`);
        check(hb.dataType === 'integer' && hb.unit === 's',
            `SetVariables lost the characteristics NotifyReport reported for HeartbeatInterval: ${show(hb)}`);
    };
    const reservationStatus = (expected) => async () => {
        const res = await rest('GET', `/api/v1/reservations/${reservationId}`);
        expectStatus(res, 200);
        const r = expectJson(res);
        check(r.status === expected && r.stationId === stationId && r.idTag === tag && r.evseId === 1,
            `reservation ${reservationId}: expected status ${show(expected)} for ${stationId}, evse 1, id tag ${tag}; got ${res.text}`);
    };
    const profileInstalled = (expected) => async () => {
        const { body, text } = await getArray(`/api/v1/charging-profiles?stationId=${station}`);
        const p = body.find((e) => e.profileId === profileId);
        if (!expected) {
            check(!p, `after ClearChargingProfile (Accepted) profile ${profileId} is still listed: ${text.slice(0, 2000)}`);
            return;
        }
        check(p, `after SetChargingProfile (Accepted) profile ${profileId} is not listed: ${text.slice(0, 2000)}`);
        check(p.evseId === 1 && p.stackLevel === 1 && p.purpose === 'TxDefaultProfile' && p.kind === 'Absolute',
            `profile ${profileId} listed as ${show(p)}, expected evse 1, stack level 1, TxDefaultProfile, Absolute`);
    };
    const monitorInstalled = (id, expected) => async () => {
        const { body, text } = await getArray(`/api/v1/stations/${station}/monitors`);
        const m = body.find((e) => e.id === id);
        if (!expected) {
            check(!m, `after ClearVariableMonitoring (Accepted) monitor ${id} is still listed: ${text.slice(0, 2000)}`);
            return;
        }
        check(m && m.type === 'UpperThreshold' && m.value === 20000 && m.severity === 4
            && m.ref?.component === 'EVSE' && m.ref?.variable === 'Power' && m.ref?.evseId === 1,
        `after SetVariableMonitoring (Accepted) monitor ${id} should be listed as an UpperThreshold 20000, severity 4, on EVSE 1 `
            + `Power: ${text.slice(0, 2000)}`);
    };
    const localList = async () => {
        const { body, text } = await getArray(`/api/v1/stations/${station}/local-list`);
        check(body.length === 1 && body[0].idTag === tag,
            `after SendLocalList (Full, Accepted) the local list should hold exactly ${tag}: ${text.slice(0, 2000)}`);
    };
    const localListVersion = async () => {
        const { body, text } = await getJson(`/api/v1/stations/${station}`);
        check(body.localListVersion === 9, `station localListVersion ${show(body.localListVersion)}, expected 9 `
            + `(reported by GetLocalListVersion after SendLocalList 3): ${text}`);
    };

    const firstMonitor = monitorIds.next;
    const checksum = 'd41d8cd98f00b204e9800998ecf8427e';
    const evse1Power = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' } };
    const heartbeatVar = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
    // [action, request, check of the recorded effect]
    const csCalls = [
        ['ChangeAvailability', { evse: { id: 1 }, operationalStatus: 'Operative' }],
        ['ClearCache', {}],
        ['DataTransfer', { vendorId: 'org.ladewerk', messageId: 'ping', data: { seq: 1, text: 'x' } }],
        ['GetBaseReport', { requestId: 12, reportBase: 'ConfigurationInventory' }],
        ['GetReport', { requestId: 13, componentVariable: [heartbeatVar], componentCriteria: ['Active', 'Enabled'] }],
        ['SetVariables', { setVariableData: [{ attributeType: 'Actual', attributeValue: '120', ...heartbeatVar }] },
            () => variableCheck('120')],
        ['GetVariables', { getVariableData: [heartbeatVar, { component: { name: 'NoSuchCtrlr' }, variable: { name: 'Nothing' } }] },
            async () => {
                await variableCheck('120');
                const { body, text } = await getArray(`/api/v1/stations/${station}/variables`);
                check(!body.some((v) => v.ref?.component === 'NoSuchCtrlr'),
                    `GetVariables answered UnknownComponent for NoSuchCtrlr/Nothing, yet it is listed as a variable: ${text.slice(0, 2000)}`);
            }],
        ['SetVariableMonitoring', { setMonitoringData: [{ value: 20000, type: 'UpperThreshold', severity: 4, transaction: false, ...evse1Power }] },
            monitorInstalled(firstMonitor, true)],
        ['GetMonitoringReport', { requestId: 14, monitoringCriteria: ['ThresholdMonitoring', 'DeltaMonitoring'] }],
        ['SetMonitoringBase', { monitoringBase: 'All' }],
        ['SetMonitoringLevel', { severity: 5 }],
        ['ClearVariableMonitoring', { id: [firstMonitor] }, monitorInstalled(firstMonitor, false)],
        ['ReserveNow', { id: reservationId, expiryDateTime: iso(3_600_000), idToken, evseId: 1 }, reservationStatus('Accepted')],
        ['CancelReservation', { reservationId }, reservationStatus('Cancelled')],
        ['SetChargingProfile', {
            evseId: 1,
            chargingProfile: {
                id: profileId,
                stackLevel: 1,
                chargingProfilePurpose: 'TxDefaultProfile',
                chargingProfileKind: 'Absolute',
                validFrom: iso(),
                validTo: iso(86_400_000),
                chargingSchedule: [{
                    id: 1,
                    startSchedule: iso(),
                    chargingRateUnit: 'A',
                    chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 1800, limit: 10.5, numberPhases: 3 }],
                }],
            },
        }, profileInstalled(true)],
        ['GetChargingProfiles', { requestId: 15, evseId: 1, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } }],
        ['GetCompositeSchedule', { duration: 3600, chargingRateUnit: 'A', evseId: 1 }],
        ['ClearChargingProfile', { chargingProfileId: profileId }, profileInstalled(false)],
        ['SendLocalList', { versionNumber: 3, updateType: 'Full',
            localAuthorizationList: [{ idToken, idTokenInfo: { status: 'Accepted' } }] }, localList],
        ['GetLocalListVersion', {}, localListVersion],
        ['RequestStartTransaction', { evseId: 1, remoteStartId: 4711, idToken }],
        ['RequestStopTransaction', { transactionId: stationTxId }],
        ['GetTransactionStatus', { transactionId: stationTxId }],
        ['CostUpdated', { totalCost: 1.23, transactionId: stationTxId }],
        ['TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } }],
        ['UnlockConnector', { evseId: 1, connectorId: 1 }],
        ['SetDisplayMessage', { message: { id: 31, priority: 'NormalCycle', state: 'Idle',
            message: { format: 'UTF8', language: 'de', content: 'Willkommen' } } }],
        ['GetDisplayMessages', { requestId: 16, id: [31] }],
        ['ClearDisplayMessage', { id: 31 }],
        ['CustomerInformation', { requestId: 17, report: true, clear: false, idToken }],
        ['GetLog', { log: { remoteLocation: 'https://logs.example.invalid/upload', oldestTimestamp: iso(-86_400_000) },
            logType: 'DiagnosticsLog', requestId: 18, retries: 1, retryInterval: 60 }],
        ['UpdateFirmware', { requestId: 19, retries: 2, retryInterval: 120,
            firmware: { location: 'https://firmware.example.invalid/fw-2.bin', retrieveDateTime: iso(60_000) } }],
        ['PublishFirmware', { location: 'https://firmware.example.invalid/fw-2.bin', checksum, requestId: 20 }],
        ['UnpublishFirmware', { checksum }],
        ['InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: DUMMY_PEM }],
        ['GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] }],
        ['DeleteCertificate', { certificateHashData: CERT_HASH }],
        ['CertificateSigned', { certificateChain: DUMMY_PEM, certificateType: 'ChargingStationCertificate' }],
        ['SetNetworkProfile', { configurationSlot: 2, connectionData: { ocppVersion: 'OCPP20', ocppTransport: 'JSON',
            ocppCsmsUrl: 'wss://csms.example.invalid/ocpp', messageTimeout: 30, securityProfile: 2, ocppInterface: 'Wired0' } }],
        ['Reset', { type: 'OnIdle' }],
    ];
    check(csCalls.length === ALL_ACTIONS.length && ALL_ACTIONS.every((a) => csCalls.some(([c]) => c === a)),
        'test bug: not every OCPP 2.0.1 CSMS action is exercised exactly once');

    await step('e. central-system-initiated calls', async () => {
        for (const [action, payload, effect] of csCalls) {
            run.currentStep = `e. central-system-initiated calls: ${action}`;
            const before = received.length;
            const res = await rest('POST', `/api/v1/ChargePoint/${station}/${action}`, payload);
            expectStatus(res, 200);
            const body = expectJson(res);
            const got = received.slice(before);
            check(got.length === 1 && got[0].action === action,
                `${action}: expected the station to receive exactly one ${action}, it received ${show(got.map((g) => g.action))}`);
            const paramsDiff = difference(payload, got[0].params);
            check(paramsDiff === null, `${action}: the station received other params than were posted: ${paramsDiff}`);
            const bodyDiff = difference(got[0].response, body);
            check(bodyDiff === null, `${action}: the REST body differs from the station's CALLRESULT: ${bodyDiff}`);
            if (effect) await effect();
        }

        // every call, the GetBaseReport of step c included, is in the command log as answered, with the station's answer
        const { body: logged, text } = await getArray(`/api/v1/stations/${station}/commands?limit=1000`);
        check(logged.length === received.length, `command log: expected ${received.length} entries (one per call the station `
            + `received), got ${logged.length}: ${show(logged.map((c) => `${c.action}:${c.outcome}`))}`);
        for (const r of received) {
            const entry = logged.find((c) => c.action === r.action && c.outcome === 'Answered' && c.response != null
                && difference(r.response, JSON.parse(c.response)) === null && difference(r.params, JSON.parse(c.request)) === null);
            check(entry, `command log has no Answered ${r.action} with request ${show(r.params)} and response ${show(r.response)}: `
                + text.slice(0, 3000));
        }
    });

    await step('f. error contract of the call endpoint', async () => {
        const before = received.length;
        const bad = await rest('POST', `/api/v1/ChargePoint/${station}/Reset`, '{"type":"Sometimes"}');
        expectStatus(bad, 400);
        check(/\btype\b/.test(bad.text), `schema-invalid Reset: the 400 body does not name "type": ${bad.text.slice(0, 2000)}`);
        log(`   400 for Reset {"type":"Sometimes"}: ${bad.text.slice(0, 500)}`);

        const missing = await rest('POST', `/api/v1/ChargePoint/${station}/GetVariables`, {});
        expectStatus(missing, 400);
        log(`   400 for GetVariables {}: ${missing.text.slice(0, 500)}`);

        const v16 = await rest('POST', `/api/v1/ChargePoint/${station}/RemoteStartTransaction`, { idTag: tag });
        expectStatus(v16, 400);
        log(`   400 for the 1.6-only RemoteStartTransaction: ${v16.text.slice(0, 500)}`);

        const stationSide = await rest('POST', `/api/v1/ChargePoint/${station}/Heartbeat`, {});
        expectStatus(stationSide, 400);
        log(`   400 for the station-initiated Heartbeat: ${stationSide.text.slice(0, 500)}`);

        check(received.length === before, `rejected requests reached the station: ${show(received.slice(before))}`);

        const unknown = 'NO-SUCH-STATION-' + randomBytes(4).toString('hex');
        const nobody = await rest('POST', `/api/v1/ChargePoint/${encodeURIComponent(unknown)}/ClearCache`, {});
        expectStatus(nobody, 404);
        log(`   404 for ${unknown}: ${nobody.text.slice(0, 500)}`);
    });

    await step('g. close', async () => {
        run.closingOnPurpose = true;
        await client.close({ code: 1000, reason: 'strict session done' });
    });

    clearTimeout(run.watchdog);
    process.stdout.write(JSON.stringify({
        ok: true,
        stationId,
        ocppRpc: OCPP_RPC_VERSION,
        protocol: PROTOCOL,
        stationInitiated: stationCalls.length,
        centralSystemInitiated: new Set(received.map((r) => r.action)).size,
        centralSystemCalls: received.length,
        transactionId,
        stationTransactionId: stationTxId,
        elapsedMs: Date.now() - run.startedAt,
    }) + '\n');
}

try {
    await main();
    process.exit(0);
} catch (e) {
    fail(e instanceof E2EFailure ? e.message : describe(e) + (e?.stack ? `\n${e.stack}` : ''));
}
