-- Smart meters (Enedis Linky usage points) whose owner consented to share their data, the import
-- state of each, and the imported series. Markers are per meter and series: the first day not yet
-- fetched, so an import resumes from them after a restart.
CREATE TABLE meter (
    usage_point_id   VARCHAR(14)   NOT NULL PRIMARY KEY,
    owner            VARCHAR(200)  NOT NULL,
    status           VARCHAR(20)   NOT NULL,
    produces         BOOLEAN,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_import_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner      VARCHAR(64),
    lease_until      TIMESTAMP WITH TIME ZONE,
    last_import_at   TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(1000),
    last_error_at    TIMESTAMP WITH TIME ZONE
);

CREATE TABLE meter_marker (
    usage_point_id   VARCHAR(14)  NOT NULL REFERENCES meter (usage_point_id) ON DELETE CASCADE,
    series           VARCHAR(30)  NOT NULL,
    fetched_until    DATE         NOT NULL,
    PRIMARY KEY (usage_point_id, series)
);

-- ts is the start of the interval (load curves) or of the day (daily series), value in W, Wh or VA
CREATE TABLE meter_reading (
    usage_point_id   VARCHAR(14)  NOT NULL,
    series           VARCHAR(30)  NOT NULL,
    ts               TIMESTAMP WITH TIME ZONE NOT NULL,
    reading          BIGINT       NOT NULL,
    PRIMARY KEY (usage_point_id, series, ts)
);

-- OAuth2 tokens per usage point, encrypted (AES-GCM) by the application before they are written
CREATE TABLE enedis_token (
    usage_point_id   VARCHAR(14)   NOT NULL PRIMARY KEY REFERENCES meter (usage_point_id) ON DELETE CASCADE,
    access_token     VARCHAR(4000) NOT NULL,
    refresh_token    VARCHAR(4000),
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- consent requests in flight: the nonce of each state handed out, single use, tied to the user
CREATE TABLE enedis_consent_state (
    nonce            VARCHAR(64)  NOT NULL PRIMARY KEY,
    principal        VARCHAR(200) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
