package org.ladewerk.server.api;

/** Page bounds for list endpoints: default 100, at most 1000 rows. */
public final class Paging {
    static final int MAX = 1000;

    private Paging() {}

    public static int limit(Integer limit) {
        if (limit == null) return 100;
        if (limit < 1 || limit > MAX) throw ApiError.badRequest("limit must be between 1 and 1000");
        return limit;
    }

    public static int offset(Integer offset) {
        if (offset == null) return 0;
        if (offset < 0) throw ApiError.badRequest("offset must not be negative");
        return offset;
    }
}
