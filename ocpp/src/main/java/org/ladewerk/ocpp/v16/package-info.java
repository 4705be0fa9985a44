/**
 * Typed OCPP 1.6 messages as records, named {@code <Action>Request} / {@code <Action>Response}
 * with field names exactly as in the official schemas. Enumerations are plain strings because
 * the schemas already validate them and unknown values should not break deserialization;
 * absent optional fields are null and omitted when written.
 */
package org.ladewerk.ocpp.v16;
