-- Charging statistics per UTC day (of the plug-in), station, id tag and user: added to once when a
-- session completes. id_tag '' is a session without a tag, user_id 0 a tag that belongs to no user
-- (the user the tag belonged to when the session completed). charging_stats_session makes the
-- addition idempotent: a session already counted is never counted again.
CREATE TABLE charging_stats_daily (
    stat_day    DATE         NOT NULL,
    station_id  VARCHAR(255) NOT NULL,
    id_tag      VARCHAR(255) NOT NULL,
    user_id     BIGINT       NOT NULL,
    sessions    INTEGER      NOT NULL,
    energy_wh   BIGINT       NOT NULL,
    PRIMARY KEY (stat_day, station_id, id_tag, user_id)
);
CREATE INDEX charging_stats_daily_user ON charging_stats_daily (user_id, stat_day);

CREATE TABLE charging_stats_session (
    session_id  BIGINT PRIMARY KEY
);
