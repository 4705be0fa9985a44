package org.ladewerk.simulator.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration keys the emulator understands: OCPP 1.6 standard keys of the profiles it
 * implements plus the ocpp-cs keys (CentralSystemURL, StationIdentity, ...). Each has a type that
 * ChangeConfiguration values are checked against and a default for stations whose file lacks it.
 */
public final class Keys {

    public static final String CENTRAL_SYSTEM_URL = "CentralSystemURL";
    public static final String STATION_IDENTITY = "StationIdentity";
    public static final String CHARGE_POINT_VENDOR = "ChargePointVendor";
    public static final String CHARGE_POINT_MODEL = "ChargePointModel";
    public static final String CHARGE_POINT_SERIAL_NUMBER = "ChargePointSerialNumber";
    public static final String CHARGE_POINT_SOFTWARE_VERSION = "ChargePointSoftwareVersion";
    public static final String POWERMETER_SERIAL_NUMBER = "PowermeterSerialNumber";
    public static final String POWER_CONSUMPTION_TIMEOUT = "PowerConsumptionTimeout";
    public static final String AUTHORIZATION_KEY = "AuthorizationKey";

    public static final String ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID = "AllowOfflineTxForUnknownId";
    public static final String AUTHORIZATION_CACHE_ENABLED = "AuthorizationCacheEnabled";
    public static final String AUTHORIZE_REMOTE_TX_REQUESTS = "AuthorizeRemoteTxRequests";
    public static final String CLOCK_ALIGNED_DATA_INTERVAL = "ClockAlignedDataInterval";
    public static final String CONNECTION_TIME_OUT = "ConnectionTimeOut";
    public static final String GET_CONFIGURATION_MAX_KEYS = "GetConfigurationMaxKeys";
    public static final String HEARTBEAT_INTERVAL = "HeartbeatInterval";
    public static final String LOCAL_AUTHORIZE_OFFLINE = "LocalAuthorizeOffline";
    public static final String LOCAL_PRE_AUTHORIZE = "LocalPreAuthorize";
    public static final String METER_VALUES_SAMPLED_DATA = "MeterValuesSampledData";
    public static final String METER_VALUE_SAMPLE_INTERVAL = "MeterValueSampleInterval";
    public static final String NUMBER_OF_CONNECTORS = "NumberOfConnectors";
    public static final String RESET_RETRIES = "ResetRetries";
    public static final String STOP_TRANSACTION_ON_EV_SIDE_DISCONNECT = "StopTransactionOnEVSideDisconnect";
    public static final String STOP_TRANSACTION_ON_INVALID_ID = "StopTransactionOnInvalidId";
    public static final String STOP_TXN_SAMPLED_DATA = "StopTxnSampledData";
    public static final String SUPPORTED_FEATURE_PROFILES = "SupportedFeatureProfiles";
    public static final String TRANSACTION_MESSAGE_ATTEMPTS = "TransactionMessageAttempts";
    public static final String TRANSACTION_MESSAGE_RETRY_INTERVAL = "TransactionMessageRetryInterval";
    public static final String UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT = "UnlockConnectorOnEVSideDisconnect";
    public static final String LOCAL_AUTH_LIST_ENABLED = "LocalAuthListEnabled";
    public static final String LOCAL_AUTH_LIST_MAX_LENGTH = "LocalAuthListMaxLength";
    public static final String SEND_LOCAL_LIST_MAX_LENGTH = "SendLocalListMaxLength";
    public static final String RESERVE_CONNECTOR_ZERO_SUPPORTED = "ReserveConnectorZeroSupported";
    public static final String CHARGE_PROFILE_MAX_STACK_LEVEL = "ChargeProfileMaxStackLevel";
    public static final String CHARGING_SCHEDULE_ALLOWED_CHARGING_RATE_UNIT = "ChargingScheduleAllowedChargingRateUnit";
    public static final String CHARGING_SCHEDULE_MAX_PERIODS = "ChargingScheduleMaxPeriods";
    public static final String MAX_CHARGING_PROFILES_INSTALLED = "MaxChargingProfilesInstalled";

    /** Measurands this emulator can sample. */
    public static final Set<String> MEASURANDS = Set.of("Energy.Active.Import.Register", "Power.Active.Import",
            "Power.Offered", "Current.Import", "Current.Offered", "Voltage", "SoC", "Temperature");

    public enum Type { STRING, INTEGER, BOOLEAN, MEASURANDS, URL }

    /** A known key: its value type, whether a station may let the central system change it, and its default. */
    public record Spec(Type type, boolean readonly, String defaultValue) {}

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        rw(CENTRAL_SYSTEM_URL, Type.URL, null);
        rw(STATION_IDENTITY, Type.STRING, null);
        ro(CHARGE_POINT_VENDOR, Type.STRING, "Ladewerk");
        ro(CHARGE_POINT_MODEL, Type.STRING, "Emulator");
        ro(CHARGE_POINT_SERIAL_NUMBER, Type.STRING, null);
        ro(CHARGE_POINT_SOFTWARE_VERSION, Type.STRING, "1.0.0");
        ro(POWERMETER_SERIAL_NUMBER, Type.STRING, null);
        rw(POWER_CONSUMPTION_TIMEOUT, Type.INTEGER, "5");
        rw(AUTHORIZATION_KEY, Type.STRING, null);
        rw(ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID, Type.BOOLEAN, "false");
        rw(AUTHORIZATION_CACHE_ENABLED, Type.BOOLEAN, "true");
        rw(AUTHORIZE_REMOTE_TX_REQUESTS, Type.BOOLEAN, "false");
        rw(CLOCK_ALIGNED_DATA_INTERVAL, Type.INTEGER, "0");
        rw(CONNECTION_TIME_OUT, Type.INTEGER, "60");
        ro(GET_CONFIGURATION_MAX_KEYS, Type.INTEGER, "100");
        rw(HEARTBEAT_INTERVAL, Type.INTEGER, "300");
        rw(LOCAL_AUTHORIZE_OFFLINE, Type.BOOLEAN, "true");
        rw(LOCAL_PRE_AUTHORIZE, Type.BOOLEAN, "false");
        rw(METER_VALUES_SAMPLED_DATA, Type.MEASURANDS, "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC");
        rw(METER_VALUE_SAMPLE_INTERVAL, Type.INTEGER, "60");
        ro(NUMBER_OF_CONNECTORS, Type.INTEGER, null);
        rw(RESET_RETRIES, Type.INTEGER, "3");
        rw(STOP_TRANSACTION_ON_EV_SIDE_DISCONNECT, Type.BOOLEAN, "true");
        rw(STOP_TRANSACTION_ON_INVALID_ID, Type.BOOLEAN, "true");
        rw(STOP_TXN_SAMPLED_DATA, Type.MEASURANDS, "Energy.Active.Import.Register");
        ro(SUPPORTED_FEATURE_PROFILES, Type.STRING,
                "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger");
        rw(TRANSACTION_MESSAGE_ATTEMPTS, Type.INTEGER, "3");
        rw(TRANSACTION_MESSAGE_RETRY_INTERVAL, Type.INTEGER, "10");
        rw(UNLOCK_CONNECTOR_ON_EV_SIDE_DISCONNECT, Type.BOOLEAN, "true");
        rw(LOCAL_AUTH_LIST_ENABLED, Type.BOOLEAN, "true");
        ro(LOCAL_AUTH_LIST_MAX_LENGTH, Type.INTEGER, "1000");
        ro(SEND_LOCAL_LIST_MAX_LENGTH, Type.INTEGER, "1000");
        ro(RESERVE_CONNECTOR_ZERO_SUPPORTED, Type.BOOLEAN, "false");
        ro(CHARGE_PROFILE_MAX_STACK_LEVEL, Type.INTEGER, "10");
        ro(CHARGING_SCHEDULE_ALLOWED_CHARGING_RATE_UNIT, Type.STRING, "Current,Power");
        ro(CHARGING_SCHEDULE_MAX_PERIODS, Type.INTEGER, "24");
        ro(MAX_CHARGING_PROFILES_INSTALLED, Type.INTEGER, "20");
    }

    private Keys() {
    }

    private static void rw(String key, Type type, String def) {
        SPECS.put(key, new Spec(type, false, def));
    }

    private static void ro(String key, Type type, String def) {
        SPECS.put(key, new Spec(type, true, def));
    }

    public static Spec spec(String key) {
        return SPECS.get(key);
    }

    public static Map<String, Spec> all() {
        return SPECS;
    }

    /** Null when {@code value} fits the key's type, else why not. */
    public static String check(String key, String value) {
        Spec spec = SPECS.get(key);
        if (spec == null || value == null) return value == null ? "no value" : null;
        return switch (spec.type()) {
            case STRING -> value.length() > 500 ? "longer than 500 characters" : null;
            case INTEGER -> {
                try {
                    yield Integer.parseInt(value.trim()) < 0 ? "negative" : null;
                } catch (NumberFormatException e) {
                    yield "not an integer";
                }
            }
            case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "not true or false";
            case MEASURANDS -> {
                for (String m : value.split(",")) {
                    if (!m.isBlank() && !MEASURANDS.contains(m.trim())) yield "unsupported measurand " + m.trim();
                }
                yield null;
            }
            case URL -> value.startsWith("ws://") || value.startsWith("wss://") ? null : "not a ws:// or wss:// URL";
        };
    }
}
