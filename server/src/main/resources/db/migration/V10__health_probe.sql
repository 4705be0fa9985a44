-- One row that the health check rewrites: a database that answers reads but can no longer commit
-- (H2 closed after a fatal error, a full disk, a read-only replica) reports DOWN, not UP.
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY,
    probed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO health_probe (id, probed_at) VALUES (1, CURRENT_TIMESTAMP);
