// A central-system call that a station's own call set off must reach the station after the answer to
// that call. Driven by ocpp-rpc in strict mode (OCPP 1.6): the station boots; the test on the Java side
// has the server send GetConfiguration the moment the boot is stored. The order is taken from the
// frames as they arrive, not from when promises resolve.
//
// Usage: node strict-command-order.mjs <wsBaseUrl> <httpBaseUrl> <stationId>
// The last line on stdout is a one-line JSON summary, as in strict-session.mjs.

import rpc from 'ocpp-rpc';
import { run, init, log, fail, check, step, describe, show, OCPP_RPC_VERSION } from './harness.mjs';

const { RPCClient } = rpc;
const { stationId, wsBase } = init('strict-command-order');
const wire = [];             // inbound frames in arrival order: 'answer:<id>' or 'call:<action>'
let bootId = null;
let commandArrived;
const command = new Promise((resolve) => { commandArrived = resolve; });

async function main() {
    log(`ocpp-rpc ${OCPP_RPC_VERSION}, station ${stationId}, ws ${wsBase}`);
    const client = run.client = new RPCClient({ endpoint: wsBase, identity: stationId, protocols: ['ocpp1.6'],
        strictMode: true, reconnect: false, callTimeoutMs: 30_000 });
    client.on('strictValidationFailure', (ev) => fail(`strict validation failed for ${ev.outbound ? 'outbound' : 'inbound'} `
        + `${ev.method}: ${describe(ev.error)}`));
    client.on('message', ({ message, outbound }) => {
        const frame = JSON.parse(message.toString());
        if (outbound && frame[0] === 2 && frame[2] === 'BootNotification') bootId = frame[1];
        if (!outbound) wire.push(frame[0] === 2 ? `call:${frame[2]}` : `answer:${frame[1]}`);
    });
    client.handle('GetConfiguration', () => {
        commandArrived();
        return { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] };
    });
    client.handle(({ method, params }) => fail(`server sent an unexpected call ${method} ${show(params)}`));

    await step('a. connect and boot', async () => {
        await client.connect();
        const boot = await client.call('BootNotification', { chargePointVendor: 'Ladewerk', chargePointModel: 'Order' });
        check(boot.status === 'Accepted', `boot answered ${show(boot)}`);
    });
    await step('b. the command follows the answer', async () => {
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('no GetConfiguration within 10 s')), 10_000));
        await Promise.race([command, timeout]);
        const answer = wire.indexOf(`answer:${bootId}`);
        const call = wire.indexOf('call:GetConfiguration');
        log(`   wire order ${show(wire)}`);
        check(answer >= 0 && answer < call, `GetConfiguration arrived before the BootNotification answer: ${show(wire)}`);
    });
    run.closingOnPurpose = true;
    await client.close();
    process.stdout.write(JSON.stringify({ ok: true, script: 'strict-command-order', stationId, ocppRpc: OCPP_RPC_VERSION,
        wire }) + '\n');
}

try {
    await main();
    process.exit(0);
} catch (e) {
    fail(describe(e));
}
