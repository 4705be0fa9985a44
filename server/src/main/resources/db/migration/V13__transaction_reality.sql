-- Transactions as real stations report them (issue 12) and plausibility flags (issue 9 item 5).

-- Why the central system closed a transaction the station never stopped (NewTransaction,
-- ConnectorAvailable, NotOngoing); null for a stop the station reported. A late real stop clears it.
ALTER TABLE charging_transaction ADD COLUMN stale_cause VARCHAR(32);
CREATE INDEX charging_transaction_evse_open ON charging_transaction (station_id, evse_id, stop_at);

-- OCPP 2.x energy registers are decimals: keep them (1.6 integers fit as well).
ALTER TABLE charging_transaction ALTER COLUMN meter_start_wh SET DATA TYPE NUMERIC(21, 3);
ALTER TABLE charging_transaction ALTER COLUMN meter_stop_wh SET DATA TYPE NUMERIC(21, 3);

-- RequestStartTransaction: the tag the central system sent, for a TransactionEvent that names only
-- its remoteStartId. A transaction remembers its remoteStartId for a start answered after the event.
ALTER TABLE charging_transaction ADD COLUMN remote_start_id INTEGER;
CREATE TABLE remote_start (
    station_id       VARCHAR(255) NOT NULL,
    remote_start_id  INTEGER      NOT NULL,
    id_tag           VARCHAR(36)  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (station_id, remote_start_id)
);

-- What the central system answered the station's last BootNotification; null: it never sent one.
ALTER TABLE station ADD COLUMN boot_status VARCHAR(16);
UPDATE station SET boot_status = registration_status WHERE last_boot_at IS NOT NULL;

-- NotifyReport parts per GetBaseReport/GetReport request (one row per seqNo): the report is complete
-- only when every seqNo from 0 up to the part with tbc = false has arrived.
CREATE TABLE device_report_part (
    station_id     VARCHAR(255) NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    request_id     INTEGER      NOT NULL,
    seq_no         INTEGER      NOT NULL,
    tbc            BOOLEAN      NOT NULL,
    generated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (station_id, request_id, seq_no)
);
