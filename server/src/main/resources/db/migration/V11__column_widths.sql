-- Columns as wide as the schemas allow, so a schema-valid message is stored instead of failing forever:
-- OCPP 2.1 idTokens are up to 255 characters (2.0.1: 36); a DataTransfer's data, a report and a
-- command's JSON are bounded by the frame size only (ladewerk.ocpp.max-frame-size, 262,144 by default).
-- What still cannot be stored (a frame limit raised past these) is answered with a definite CALLERROR.
ALTER TABLE id_tag ALTER COLUMN id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE id_tag ALTER COLUMN parent_id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE charging_transaction ALTER COLUMN id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE charging_transaction ALTER COLUMN stop_id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE unmatched_stop ALTER COLUMN id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE reservation ALTER COLUMN id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE reservation ALTER COLUMN parent_id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE local_list_entry ALTER COLUMN id_tag SET DATA TYPE VARCHAR(255);
ALTER TABLE device_variable ALTER COLUMN unit SET DATA TYPE VARCHAR(20);
ALTER TABLE data_transfer ALTER COLUMN data SET DATA TYPE VARCHAR(1000000);
ALTER TABLE data_transfer ALTER COLUMN response_data SET DATA TYPE VARCHAR(1000000);
ALTER TABLE station_report ALTER COLUMN payload SET DATA TYPE VARCHAR(1000000);
ALTER TABLE command_log ALTER COLUMN request_json SET DATA TYPE VARCHAR(1000000);
ALTER TABLE command_log ALTER COLUMN response_json SET DATA TYPE VARCHAR(1000000);
