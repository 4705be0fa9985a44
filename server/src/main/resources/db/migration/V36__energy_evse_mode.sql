-- The energy manager's mode per EVSE (off, now, minpv, pv) with its currents and priority; EVSEs without
-- a row charge in ladewerk.energy.default-mode.
CREATE TABLE energy_evse_mode (
    station_id       VARCHAR(255) NOT NULL,
    evse_id          INTEGER      NOT NULL,
    mode             VARCHAR(8)   NOT NULL,
    min_current_a    DOUBLE PRECISION NOT NULL,
    max_current_a    DOUBLE PRECISION NOT NULL,
    priority         INTEGER      NOT NULL,
    phase_switching  BOOLEAN      NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (station_id, evse_id)
);
