package org.ladewerk.server.sessionlog;

import java.awt.Color;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ladewerk.server.session.ChargingSession;
import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.FontFactory;
import org.openpdf.text.Image;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfTemplate;
import org.openpdf.text.pdf.PdfWriter;

/**
 * A user's charging log as a PDF: totals, a table per month, a bar chart of energy per day drawn with
 * OpenPDF's own vector graphics (no chart library, no images), then every session. Days and months are
 * UTC days of the plug-in, as in the statistics; energy in kWh with two decimals. Pure rendering: the
 * caller chooses the sessions.
 */
public final class SessionPdf {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 16);
    private static final Font HEADING = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 11);
    private static final Font TEXT = FontFactory.getFont(FontFactory.HELVETICA, 9);
    private static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9);
    private static final Color BAR = new Color(0x2b, 0x7a, 0x4b);

    /** What the log covers: {@code from} and {@code to} as asked (null: open-ended). */
    public record Period(LocalDate from, LocalDate to) {
        String text() {
            return (from == null ? "the beginning" : from.toString()) + " to " + (to == null ? "today" : to.toString());
        }
    }

    private SessionPdf() {}

    /** Energy per UTC day of plug-in, in Wh, of the sessions with a known energy. */
    static TreeMap<LocalDate, Long> energyPerDay(List<ChargingSession> sessions) {
        var days = new TreeMap<LocalDate, Long>();
        for (ChargingSession s : sessions)
            if (s.energyWh() != null) days.merge(day(s), s.energyWh(), Long::sum);
        return days;
    }

    public static void write(OutputStream out, String username, Period period, List<ChargingSession> sessions, Instant now) {
        var document = new Document(PageSize.A4, 36, 36, 36, 36);
        PdfWriter writer = PdfWriter.getInstance(document, out);
        document.addTitle("Charging log of " + username);
        document.addCreator("Ladewerk");
        document.open();
        document.add(new Paragraph("Charging log of " + username, TITLE));
        document.add(new Paragraph("Sessions plugged in from " + period.text() + " (UTC); made " + TIME.format(now) + " UTC", TEXT));

        long total = sessions.stream().filter(s -> s.energyWh() != null).mapToLong(ChargingSession::energyWh).sum();
        document.add(new Paragraph("Total: " + sessions.size() + " sessions, " + kWh(total) + " kWh", HEADING));

        document.add(new Paragraph("Totals per month", HEADING));
        var months = new TreeMap<YearMonth, long[]>();
        for (ChargingSession s : sessions) {
            long[] m = months.computeIfAbsent(YearMonth.from(day(s)), k -> new long[2]);
            m[0]++;
            if (s.energyWh() != null) m[1] += s.energyWh();
        }
        PdfPTable monthTable = table(new float[] {2, 1, 1}, "Month", "Sessions", "Energy (kWh)");
        months.forEach((month, m) -> row(monthTable, month.toString(), Long.toString(m[0]), kWh(m[1])));
        document.add(monthTable);

        TreeMap<LocalDate, Long> days = energyPerDay(sessions);
        if (!days.isEmpty()) {
            document.add(new Paragraph("Energy per day (kWh)", HEADING));
            document.add(chart(writer, days, document.right() - document.left()));
        }

        document.add(new Paragraph("Sessions", HEADING));
        PdfPTable list = table(new float[] {2.2f, 2.6f, 1.8f, 1.1f, 1.1f, 1.6f},
                "Plugged in (UTC)", "Station / EVSE", "Tag", "Charging", "Energy (kWh)", "Stop reason");
        for (ChargingSession s : sessions)
            row(list, TIME.format(s.pluggedInAt()), s.stationId() + " / " + s.evseId(), nz(s.idTag()), charging(s),
                    s.energyWh() == null ? "-" : kWh(s.energyWh()), nz(s.stopReason()));
        document.add(list);
        document.close();
    }

    /** Bars of energy per day over the period's days, scaled to the largest day, with the axis labelled. */
    private static Image chart(PdfWriter writer, TreeMap<LocalDate, Long> days, float width) {
        float height = 150;
        float left = 40;
        float bottom = 20;
        float plotWidth = width - left - 5;
        float plotHeight = height - bottom - 10;
        PdfTemplate t = PdfTemplate.createTemplate(writer, width, height);
        LocalDate first = days.firstKey();
        long span = Duration.between(first.atStartOfDay(), days.lastKey().atStartOfDay()).toDays() + 1;
        long max = days.values().stream().mapToLong(Long::longValue).max().orElse(1);
        float slot = plotWidth / span;
        t.setColorFill(BAR);
        for (Map.Entry<LocalDate, Long> d : days.entrySet()) {
            long index = Duration.between(first.atStartOfDay(), d.getKey().atStartOfDay()).toDays();
            float h = plotHeight * d.getValue() / max;
            t.rectangle(left + index * slot + slot * 0.1f, bottom, Math.max(slot * 0.8f, 0.5f), h);
        }
        t.fill();
        t.setColorStroke(Color.DARK_GRAY);
        t.setLineWidth(0.5f);
        t.moveTo(left, bottom);
        t.lineTo(left + plotWidth, bottom);
        t.moveTo(left, bottom);
        t.lineTo(left, bottom + plotHeight);
        t.stroke();
        BaseFont font = TEXT.getCalculatedBaseFont(false);
        t.beginText();
        t.setColorFill(Color.BLACK);
        t.setFontAndSize(font, 7);
        t.showTextAligned(PdfContentByte.ALIGN_RIGHT, kWh(max), left - 3, bottom + plotHeight - 3, 0);
        t.showTextAligned(PdfContentByte.ALIGN_RIGHT, "0", left - 3, bottom - 2, 0);
        t.showTextAligned(PdfContentByte.ALIGN_LEFT, first.toString(), left, bottom - 10, 0);
        if (span > 1) t.showTextAligned(PdfContentByte.ALIGN_RIGHT, days.lastKey().toString(), left + plotWidth, bottom - 10, 0);
        t.endText();
        Image image = Image.getInstance(t);
        image.setAlignment(Element.ALIGN_LEFT);
        return image;
    }

    private static PdfPTable table(float[] widths, String... headers) {
        var table = new PdfPTable(widths);
        table.setWidthPercentage(100);
        table.setSpacingBefore(4);
        table.setSpacingAfter(10);
        table.setHeaderRows(1);
        for (String h : headers) {
            var cell = new PdfPCell(new Phrase(h, BOLD));
            cell.setBackgroundColor(new Color(0xe8, 0xee, 0xea));
            table.addCell(cell);
        }
        return table;
    }

    private static void row(PdfPTable table, String... values) {
        for (String v : values) table.addCell(new PdfPCell(new Phrase(v, TEXT)));
    }

    private static String charging(ChargingSession s) {
        if (s.chargingStartedAt() == null) return "-";
        Instant end = s.chargingEndedAt() != null ? s.chargingEndedAt() : s.unpluggedAt();
        if (end == null) return "running";
        long minutes = Duration.between(s.chargingStartedAt(), end).toMinutes();
        return "%d:%02d h".formatted(minutes / 60, minutes % 60);
    }

    static LocalDate day(ChargingSession s) {
        return LocalDate.ofInstant(s.pluggedInAt(), ZoneOffset.UTC);
    }

    static String kWh(long wh) {
        return String.format(Locale.ROOT, "%.2f", wh / 1000.0);
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }
}
