-- The site's history: one row per snapshot interval, sampled from the in-memory latest values, so
-- points are evenly spaced however bursty the sources are. The slot (the interval's start) is the key:
-- when several nodes sample the same slot, the first insert wins and the others are ignored.
-- A NULL column is a value that was unknown or stale at that moment.
CREATE TABLE site_snapshot (
    slot_at             TIMESTAMP WITH TIME ZONE NOT NULL PRIMARY KEY,
    grid_power_w        DOUBLE PRECISION,
    pv_power_w          DOUBLE PRECISION,
    battery_power_w     DOUBLE PRECISION,
    battery_soc         DOUBLE PRECISION,
    house_power_w       DOUBLE PRECISION,
    charging_power_w    DOUBLE PRECISION,
    grid_import_wh      DOUBLE PRECISION,
    grid_export_wh      DOUBLE PRECISION,
    pv_energy_total_wh  DOUBLE PRECISION
);
