package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.ladewerk.server.stats.ChargingStats;
import org.ladewerk.server.stats.ChargingStats.By;
import org.ladewerk.server.stats.ChargingStats.GroupBy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Charging statistics for charts, from the daily aggregate kept as sessions complete. */
@RestController
@Tag(name = "Charging statistics")
public class StatsController {

    private final ChargingStats stats;

    public StatsController(ChargingStats stats) {
        this.stats = stats;
    }

    @GetMapping("/api/v1/stats")
    @Operation(summary = "Completed sessions and their energy (Wh) per day or month and per user, station or tag",
            description = "groupBy=day|month, by=user|station|tag; from/to are UTC days of the plug-in (both included); "
                    + "key picks one user, station or tag. Counted when a session completes; by=user leaves out tags of no user.")
    public List<ChargingStats.Row> stats(@RequestParam(defaultValue = "day") String groupBy, @RequestParam(defaultValue = "station") String by,
                                         @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                                         @RequestParam(required = false) String key) {
        return stats.query(parse(GroupBy.class, "groupBy", groupBy), parse(By.class, "by", by), from, to, key);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        for (E e : type.getEnumConstants()) if (e.name().equals(value)) return e;
        throw new IllegalArgumentException(name + " must be one of " + List.of(type.getEnumConstants()) + ", not " + value);
    }
}
