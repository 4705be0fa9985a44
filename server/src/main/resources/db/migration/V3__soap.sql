-- OCPP 1.5/1.6 over SOAP: how a station talks to us, and where a SOAP station takes our calls
-- (its ChargePointService address, from WS-Addressing From/ReplyTo). Stations seen before are OCPP-J.

ALTER TABLE station ADD COLUMN transport VARCHAR(8);
ALTER TABLE station ADD COLUMN endpoint_address VARCHAR(2048);
UPDATE station SET transport = 'json' WHERE ocpp_version IS NOT NULL;
