package org.ladewerk.server.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ladewerk.server.LadewerkProperties;
import org.springframework.stereotype.Component;

/**
 * The CSV shape of a session, shared by the archive files and the API export: UTC ISO-8601 times, energy
 * in Wh, the configured separator and decimal mark, and text a station chose defused against spreadsheet
 * formulas.
 */
@Component
public class SessionCsv {

    static final String[] HEADER = {"id", "stationId", "evseId", "connectorId", "pluggedInAt", "chargingStartedAt",
            "chargingEndedAt", "unpluggedAt", "idTag", "transactionId", "meterStartWh", "meterStopWh", "energyWh", "maxPowerW",
            "idleMinutes", "stopReason", "appliedPreset"};

    private final CSVFormat format;
    private final boolean decimalComma;

    public SessionCsv(LadewerkProperties properties) {
        var config = properties.chargingData();
        if (config.csvSeparator().length() != 1) throw new IllegalArgumentException("ladewerk.charging-data.csv-separator must be one character");
        if (!List.of(".", ",").contains(config.decimalMark()))
            throw new IllegalArgumentException("ladewerk.charging-data.decimal-mark must be . or ,");
        this.format = CSVFormat.RFC4180.builder().setDelimiter(config.csvSeparator().charAt(0)).get();
        this.decimalComma = config.decimalMark().equals(",");
    }

    CSVFormat format() {
        return format;
    }

    public CSVPrinter printer(Appendable out, boolean withHeader) throws IOException {
        var printer = new CSVPrinter(out, format);
        if (withHeader) printer.printRecord(Arrays.asList(HEADER));
        return printer;
    }

    /** Writes the header, then every session {@code rows} hands over (a streaming query), in constant memory. */
    public void write(Appendable out, Consumer<Consumer<ChargingSession>> rows) throws IOException {
        try (var printer = printer(out, true)) {
            rows.accept(s -> {
                try {
                    print(printer, s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public void print(CSVPrinter csv, ChargingSession s) throws IOException {
        csv.printRecord(s.id(), text(s.stationId()), s.evseId(), s.connectorId(), s.pluggedInAt(), s.chargingStartedAt(),
                s.chargingEndedAt(), s.unpluggedAt(), text(s.idTag()), s.transactionId(), s.meterStartWh(), s.meterStopWh(),
                s.energyWh(), decimal(s.maxPowerW()), s.idleMinutes(), text(s.stopReason()), s.appliedPreset());
    }

    private String decimal(Double v) {
        if (v == null) return null;
        String s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : v.toString();
        return decimalComma ? s.replace('.', ',') : s;
    }

    /** Defuses spreadsheet formulas in text a station chose (CSV injection); every CSV export uses it. */
    public static String text(String s) {
        return s != null && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }
}
