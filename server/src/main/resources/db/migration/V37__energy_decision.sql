-- The energy manager's latest decision per EVSE (the limit and why), what the next round needs to
-- remember, and the limit last accepted by the station: kept in the database so that another node
-- taking over the control loop continues where the last one stopped.
CREATE TABLE energy_decision (
    station_id      VARCHAR(255) NOT NULL,
    evse_id         INTEGER      NOT NULL,
    limit_a         DOUBLE PRECISION NOT NULL,
    phases          INTEGER      NOT NULL,
    reason          VARCHAR(32)  NOT NULL,
    detail          VARCHAR(255),
    pv_enabled      BOOLEAN      NOT NULL,
    pending_since   TIMESTAMP WITH TIME ZONE,
    phases_since    TIMESTAMP WITH TIME ZONE,
    limit_since     TIMESTAMP WITH TIME ZONE,
    vehicle_cap_a   DOUBLE PRECISION,
    decided_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_limit_a    DOUBLE PRECISION,
    sent_phases     INTEGER,
    sent_at         TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (station_id, evse_id)
);
