-- Charging presets of the driver app: one per user (id_tag '') and optionally one per id tag of that
-- user, which wins over the user's. Applied when a transaction starts with one of the user's tags.
-- max_current_a NULL: no current limit; at most one of target_energy_wh and target_soc_percent is set;
-- departure_time is a local time of day as the driver typed it (HH:mm).
CREATE TABLE charging_preset (
    user_id             BIGINT       NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    id_tag              VARCHAR(255) NOT NULL,
    mode                VARCHAR(8)   NOT NULL,
    max_current_a       DOUBLE PRECISION,
    phases              INTEGER,
    target_energy_wh    BIGINT,
    target_soc_percent  INTEGER,
    departure_time      VARCHAR(5),
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, id_tag)
);

-- The preset applied to the session's transaction (JSON: the preset, whose it was, what the station answered).
ALTER TABLE charging_session ADD COLUMN applied_preset VARCHAR(1000);
