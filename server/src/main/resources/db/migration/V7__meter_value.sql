-- A row per MeterValue element (one timestamp) instead of a row per sampled value: the sampled
-- values are encoded together (JSON, see MeterValueCodec) and the energy register (Wh) and active
-- power (W) are extracted into columns for queries. No identity column: rows are only ever read per
-- transaction in time order, so the one index is (transaction_id, sampled_at). The encoded column is
-- sized for a whole frame, so whatever the schemas allow in a sampled value fits.
CREATE TABLE meter_value (
    station_id       VARCHAR(255) NOT NULL,
    evse_id          INTEGER      NOT NULL,
    transaction_id   BIGINT,
    sampled_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    register_wh      DOUBLE PRECISION,
    power_w          DOUBLE PRECISION,
    samples          VARCHAR(1000000) NOT NULL
);
CREATE INDEX meter_value_transaction ON meter_value (transaction_id, sampled_at);
