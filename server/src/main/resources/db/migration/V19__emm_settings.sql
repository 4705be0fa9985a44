-- What the two-way settings sync with the EMM knows per station and key: the value last read from the
-- station (or accepted by it, for settings that cannot be read back), when it last changed locally
-- (Ladewerk's API/UI or reported by the station), and the EMM value last applied with its result (a
-- value the station refused is not sent again until the EMM changes it).
CREATE TABLE emm_setting (
    station_id        VARCHAR(255)  NOT NULL,
    setting_key       VARCHAR(255)  NOT NULL,
    actual_value      VARCHAR(2500),
    emm_value         VARCHAR(2500),
    local_changed_at  TIMESTAMP WITH TIME ZONE,
    applied_at        TIMESTAMP WITH TIME ZONE,
    result            VARCHAR(20),
    PRIMARY KEY (station_id, setting_key)
);
