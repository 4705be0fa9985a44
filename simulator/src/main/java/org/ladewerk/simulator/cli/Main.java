package org.ladewerk.simulator.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The emulator's command line: {@code run} stations from folders, {@code init} new folders, {@code load} many stations. */
@Command(name = "ladewerk-simulator", mixinStandardHelpOptions = true, version = "Ladewerk charge-point emulator 0.1",
        description = "OCPP 1.6J charge-point emulator and load generator.",
        subcommands = {RunCommand.class, InitCommand.class, LoadCommand.class, StormCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // before the first logger: the emulator's own logback file, not one a host application may bring
        if (System.getProperty("logback.configurationFile") == null)
            System.setProperty("logback.configurationFile", "ladewerk-simulator-logback.xml");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).registerConverter(Duration.class, Main::duration);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** 500ms, 30s, 5m, 2h, or ISO-8601 (PT30S). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofSeconds(Long.parseLong(t));
        };
    }
}
