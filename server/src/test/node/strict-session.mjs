// End-to-end OCPP 1.6 session against a running Ladewerk central system, driven by an
// independent client library (ocpp-rpc) in strict mode: every frame sent or received is
// validated against the official OCPP 1.6 JSON schemas, so a non-conforming frame from the
// server fails the run.
//
// Usage: node strict-session.mjs <wsBaseUrl> <httpBaseUrl> <stationId>
//   e.g. node strict-session.mjs ws://127.0.0.1:9220/ocpp http://127.0.0.1:9220 STRICT-1
// REST credentials: LADEWERK_API_USER / LADEWERK_API_PASSWORD (default admin / admin).
// Optional: LADEWERK_E2E_TIMEOUT_MS (overall watchdog, default 120000).
//
// Progress goes to stderr; the last line on stdout is a one-line JSON summary
// ({"ok":true,...} with exit code 0, or {"ok":false,"step":...,"error":...} with exit code 1).

import { randomBytes } from 'node:crypto';
import rpc from 'ocpp-rpc';
import { run, init, log, fail, check, step, describe, show, iso, difference, rest, expectStatus, expectJson, E2EFailure, OCPP_RPC_VERSION, isDateTime } from './harness.mjs';

const { RPCClient } = rpc;

const { stationId, wsBase, httpBase } = init('strict-session');
let client = null;


// ---------------------------------------------------------------- the simulated charge point

const received = [];            // every central-system-initiated call: {action, params, response}
const stationCalls = [];        // every station-initiated call: {action, params, result}
const configuration = new Map([
    ['HeartbeatInterval', { readonly: false, value: '300' }],
    ['NumberOfConnectors', { readonly: true, value: '1' }],
]);

const okStatus = () => ({ status: 'Accepted' });

/** Schema-valid responses for every call the central system may send (OCPP 1.6 core + DataTransfer). */
const responders = {
    CancelReservation: okStatus,
    ChangeAvailability: okStatus,
    ChangeConfiguration: (p) => {
        const entry = configuration.get(p.key);
        if (!entry) return { status: 'NotSupported' };
        if (entry.readonly) return { status: 'Rejected' };
        configuration.set(p.key, { ...entry, value: p.value });
        return { status: 'Accepted' };
    },
    ClearCache: okStatus,
    ClearChargingProfile: okStatus,
    DataTransfer: () => ({ status: 'Accepted', data: 'pong' }),
    GetCompositeSchedule: (p) => ({
        status: 'Accepted',
        connectorId: p.connectorId,
        scheduleStart: iso(),
        chargingSchedule: {
            duration: p.duration,
            chargingRateUnit: p.chargingRateUnit ?? 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
        },
    }),
    GetConfiguration: (p) => {
        const wanted = p.key?.length ? p.key : [...configuration.keys()];
        const known = wanted.filter((k) => configuration.has(k));
        const unknown = wanted.filter((k) => !configuration.has(k));
        // a couple of entries: what was asked for, plus the connector count a station always reports
        const keys = [...new Set([...known, 'NumberOfConnectors'])];
        const response = { configurationKey: keys.map((key) => ({ key, ...configuration.get(key) })) };
        if (unknown.length) response.unknownKey = unknown;
        return response;
    },
    GetDiagnostics: () => ({ fileName: 'diag.zip' }),
    GetLocalListVersion: () => ({ listVersion: 7 }),
    RemoteStartTransaction: okStatus,
    RemoteStopTransaction: okStatus,
    ReserveNow: okStatus,
    Reset: okStatus,
    SendLocalList: okStatus,
    SetChargingProfile: okStatus,
    TriggerMessage: okStatus,
    UnlockConnector: () => ({ status: 'Unlocked' }),
    UpdateFirmware: () => ({}),
};

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

const isInteger = (v) => typeof v === 'number' && Number.isInteger(v);

// ---------------------------------------------------------------- the session

async function main() {
    const tag = 'STRICT-' + randomBytes(4).toString('hex').toUpperCase();
    const reservationId = Number(process.env.LADEWERK_E2E_RESERVATION_ID ?? 42);
    let transactionId;
    log(`ocpp-rpc ${OCPP_RPC_VERSION}, station ${stationId}, id tag ${tag}, ws ${wsBase}, http ${httpBase}`);

    await step('a. register id tag', async () => {
        const res = await rest('PUT', `/api/v1/id-tags/${encodeURIComponent(tag)}`,
            { status: 'Accepted', maxActiveTransactions: 1 });
        expectStatus(res, 200, 201);
    });

    await step('b. connect strict client', async () => {
        run.client = client = new RPCClient({
            endpoint: wsBase,
            identity: stationId,
            protocols: ['ocpp1.6'],
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
            throw new E2EFailure(`could not connect to ${wsBase}/${encodeURIComponent(stationId)}: ${describe(e)}`);
        }
        check(client.protocol === 'ocpp1.6', `negotiated subprotocol is ${show(client.protocol)}, expected "ocpp1.6"`);
    });

    await step('c. station-initiated session', async () => {
        const boot = await callStation('BootNotification', {
            chargePointVendor: 'Ladewerk-E2E',
            chargePointModel: 'ocpp-rpc-strict',
            chargePointSerialNumber: stationId.slice(0, 25),
            firmwareVersion: `ocpp-rpc-${OCPP_RPC_VERSION}`,
        });
        check(boot.status === 'Accepted', `BootNotification status ${show(boot.status)}, expected "Accepted": ${show(boot)}`);
        check(isInteger(boot.interval), `BootNotification interval is not an integer: ${show(boot)}`);
        check(isDateTime(boot.currentTime), `BootNotification currentTime is not a date-time: ${show(boot)}`);

        const status = async (connectorId, s) => {
            const r = await callStation('StatusNotification',
                { connectorId, errorCode: 'NoError', status: s, timestamp: iso() });
            check(difference({}, r) === null, `StatusNotification ${s} answered ${show(r)}, expected {}`);
        };
        await status(0, 'Available');
        await status(1, 'Available');
        await status(1, 'Preparing');

        const auth = await callStation('Authorize', { idTag: tag });
        check(auth.idTagInfo?.status === 'Accepted', `Authorize ${tag}: expected idTagInfo.status "Accepted", got ${show(auth)}`);

        const start = await callStation('StartTransaction',
            { connectorId: 1, idTag: tag, meterStart: 1000, timestamp: iso() });
        check(isInteger(start.transactionId), `StartTransaction transactionId is not an integer: ${show(start)}`);
        check(start.idTagInfo?.status === 'Accepted', `StartTransaction idTagInfo.status is not "Accepted": ${show(start)}`);
        transactionId = start.transactionId;

        await status(1, 'Charging');

        const sample = (offsetMs, wh, w, a) => ({
            timestamp: iso(offsetMs),
            sampledValue: [
                { value: String(wh), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
                { value: String(w), context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
                { value: String(a), context: 'Sample.Periodic', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
            ],
        });
        const mv = await callStation('MeterValues', {
            connectorId: 1,
            transactionId,
            meterValue: [sample(1_000, 2500, 11000, '16.0'), sample(2_000, 4000, 10800, '15.6')],
        });
        check(difference({}, mv) === null, `MeterValues answered ${show(mv)}, expected {}`);

        const stop = await callStation('StopTransaction', {
            transactionId,
            idTag: tag,
            meterStop: 5000,
            timestamp: iso(3_000),
            reason: 'Local',
            transactionData: [{
                timestamp: iso(3_000),
                sampledValue: [{ value: '5000', context: 'Transaction.End', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
            }],
        });
        check(stop.idTagInfo && typeof stop.idTagInfo.status === 'string',
            `StopTransaction answered without idTagInfo: ${show(stop)}`);

        await status(1, 'Finishing');
        await status(1, 'Available');

        const hb = await callStation('Heartbeat', {});
        check(isDateTime(hb.currentTime), `Heartbeat currentTime is not a date-time: ${show(hb)}`);
    });

    await step('d. transaction persisted', async () => {
        const res = await rest('GET', `/api/v1/transactions/${transactionId}`);
        expectStatus(res, 200);
        const tx = expectJson(res);
        check(tx.stationId === stationId, `transaction stationId ${show(tx.stationId)}, expected ${show(stationId)}: ${res.text}`);
        check(tx.meterStartWh === 1000, `transaction meterStartWh ${show(tx.meterStartWh)}, expected 1000: ${res.text}`);
        check(tx.meterStopWh === 5000, `transaction meterStopWh ${show(tx.meterStopWh)}, expected 5000: ${res.text}`);
        check(tx.open === false, `transaction open ${show(tx.open)}, expected false: ${res.text}`);
        check(Array.isArray(tx.samples) && tx.samples.length >= 7,
            `transaction samples: expected an array of at least 7 (6 from MeterValues + 1 from transactionData), got `
            + `${Array.isArray(tx.samples) ? tx.samples.length : show(tx.samples)}: ${res.text.slice(0, 2000)}`);
    });

    const csCalls = [
        ['ChangeAvailability', { connectorId: 1, type: 'Operative' }],
        ['ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' }],
        ['GetConfiguration', { key: ['HeartbeatInterval'] }],
        ['ClearCache', {}],
        ['DataTransfer', { vendorId: 'org.ladewerk', messageId: 'ping', data: 'x' }],
        ['ReserveNow', { connectorId: 1, expiryDate: iso(3_600_000), idTag: tag, reservationId }],
        ['CancelReservation', { reservationId }],
        ['SetChargingProfile', {
            connectorId: 1,
            csChargingProfiles: {
                chargingProfileId: 7,
                stackLevel: 0,
                chargingProfilePurpose: 'TxDefaultProfile',
                chargingProfileKind: 'Absolute',
                chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
            },
        }],
        ['GetCompositeSchedule', { connectorId: 1, duration: 3600 }],
        ['ClearChargingProfile', { id: 7 }],
        ['SendLocalList', { listVersion: 3, updateType: 'Full', localAuthorizationList: [{ idTag: tag, idTagInfo: { status: 'Accepted' } }] }],
        ['GetLocalListVersion', {}],
        ['RemoteStartTransaction', { connectorId: 1, idTag: tag }],
        ['RemoteStopTransaction', { transactionId }],
        ['TriggerMessage', { requestedMessage: 'Heartbeat' }],
        ['GetDiagnostics', { location: 'ftp://example.invalid/diag' }],
        ['UpdateFirmware', { location: 'https://example.invalid/fw.bin', retrieveDate: iso() }],
        ['UnlockConnector', { connectorId: 1 }],
        ['Reset', { type: 'Soft' }],
    ];
    check(new Set(csCalls.map(([a]) => a)).size === Object.keys(responders).length, 'test bug: not every action is exercised');

    await step('e. central-system-initiated calls', async () => {
        for (const [action, payload] of csCalls) {
            const before = received.length;
            const res = await rest('POST', `/api/v1/ChargePoint/${encodeURIComponent(stationId)}/${action}`, payload);
            expectStatus(res, 200);
            const body = expectJson(res);
            const got = received.slice(before);
            check(got.length === 1 && got[0].action === action,
                `${action}: expected the station to receive exactly one ${action}, it received ${show(got.map((g) => g.action))}`);
            const paramsDiff = difference(payload, got[0].params);
            check(paramsDiff === null, `${action}: the station received other params than were posted: ${paramsDiff}`);
            const bodyDiff = difference(got[0].response, body);
            check(bodyDiff === null, `${action}: the REST body differs from the station's CALLRESULT: ${bodyDiff}`);
        }
    });

    await step('f. error contract of the call endpoint', async () => {
        const before = received.length;
        const bad = await rest('POST', `/api/v1/ChargePoint/${encodeURIComponent(stationId)}/ChangeConfiguration`, '{"key": 5}');
        expectStatus(bad, 400);
        // {"key": 5} breaks the schema twice (key is not a string, value is missing): either will do
        check(/\b(key|value)\b/i.test(bad.text),
            `schema-invalid ChangeConfiguration: the 400 body names neither "key" nor "value": ${bad.text.slice(0, 2000)}`);
        check(received.length === before, `schema-invalid ChangeConfiguration reached the station: ${show(received.slice(before))}`);
        log(`   400 for {"key": 5}: ${bad.text.slice(0, 500)}`);

        const unknown = 'NO-SUCH-STATION-' + randomBytes(4).toString('hex');
        const missing = await rest('POST', `/api/v1/ChargePoint/${encodeURIComponent(unknown)}/ClearCache`, {});
        expectStatus(missing, 404);
        log(`   404 for ${unknown}: ${missing.text.slice(0, 500)}`);
    });

    await step('g. effects recorded', async () => {
        const st = await rest('GET', `/api/v1/stations/${encodeURIComponent(stationId)}`);
        expectStatus(st, 200);
        const station = expectJson(st);
        check(station.online === true, `station online ${show(station.online)}, expected true: ${st.text}`);
        // SendLocalList set version 3, then GetLocalListVersion reported 7: the last word wins
        check(station.localListVersion === 7, `station localListVersion ${show(station.localListVersion)}, `
            + `expected 7 (reported by GetLocalListVersion after SendLocalList 3): ${st.text}`);

        const cf = await rest('GET', `/api/v1/stations/${encodeURIComponent(stationId)}/configuration`);
        expectStatus(cf, 200);
        const config = expectJson(cf);
        check(Array.isArray(config), `configuration is not an array: ${cf.text}`);
        const hb = config.find((e) => e?.key === 'HeartbeatInterval');
        check(hb && ['300', '120'].includes(hb.value),
            `configuration has no HeartbeatInterval entry with value "300" or "120": ${cf.text.slice(0, 2000)}`);

        const rs = await rest('GET', `/api/v1/reservations?stationId=${encodeURIComponent(stationId)}`);
        expectStatus(rs, 200);
        const reservations = expectJson(rs);
        check(Array.isArray(reservations), `reservations is not an array: ${rs.text}`);
        const r = reservations.find((e) => (e?.id ?? e?.reservationId) === reservationId);
        check(r, `no reservation ${reservationId} for station ${stationId}: ${rs.text.slice(0, 2000)}`);
        check(r.status === 'Cancelled', `reservation ${reservationId} status ${show(r.status)}, expected "Cancelled": ${show(r)}`);
    });

    await step('h. close', async () => {
        run.closingOnPurpose = true;
        await client.close({ code: 1000, reason: 'strict session done' });
    });

    clearTimeout(run.watchdog);
    process.stdout.write(JSON.stringify({
        ok: true,
        stationId,
        ocppRpc: OCPP_RPC_VERSION,
        stationInitiated: stationCalls.length,
        centralSystemInitiated: received.length,
        transactionId,
        elapsedMs: Date.now() - run.startedAt,
    }) + '\n');
}

try {
    await main();
    process.exit(0);
} catch (e) {
    fail(e instanceof E2EFailure ? e.message : describe(e) + (e?.stack ? `\n${e.stack}` : ''));
}
