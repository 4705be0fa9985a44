package org.ladewerk.simulator.station;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ladewerk.ocpp.v16.AuthorizationData;
import org.ladewerk.ocpp.v16.IdTagInfo;
import org.ladewerk.simulator.config.StationFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

/**
 * The local authorization list (SendLocalList, kept in the station folder like a charger keeps it
 * in flash) and the authorization cache (answers to Authorize and StartTransaction). Both let
 * the station start charging while the central system is out of reach.
 */
final class LocalAuthorization {

    private static final Logger log = LoggerFactory.getLogger(LocalAuthorization.class);

    /** What is stored: the list's version and entries. */
    record Stored(int listVersion, List<AuthorizationData> entries) {}

    enum UpdateStatus { Accepted, Failed, NotSupported, VersionMismatch }

    private final StationFolder folder;
    private int listVersion;
    private final Map<String, IdTagInfo> list = new LinkedHashMap<>();
    private final Map<String, IdTagInfo> cache = new HashMap<>();

    LocalAuthorization(StationFolder folder) {
        this.folder = folder;
        if (folder == null) return;
        try {
            List<Stored> stored = folder.readLocalList(new TypeReference<>() { });
            if (stored != null && !stored.isEmpty()) {
                listVersion = stored.getFirst().listVersion();
                stored.getFirst().entries().forEach(e -> list.put(e.idTag(), e.idTagInfo()));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not read the local list in {}: {}", folder.directory(), e.toString());
        }
    }

    int listVersion() {
        return listVersion;
    }

    UpdateStatus update(int version, String updateType, List<AuthorizationData> entries, int maxLength) {
        List<AuthorizationData> given = entries == null ? List.of() : entries;
        if ("Differential".equals(updateType)) {
            if (version <= listVersion) return UpdateStatus.VersionMismatch;
            for (AuthorizationData e : given) {
                if (e.idTagInfo() == null) list.remove(e.idTag());
                else list.put(e.idTag(), e.idTagInfo());
            }
        } else {
            list.clear();
            for (AuthorizationData e : given) if (e.idTagInfo() != null) list.put(e.idTag(), e.idTagInfo());
        }
        if (list.size() > maxLength) return UpdateStatus.Failed;
        listVersion = version;
        save();
        return UpdateStatus.Accepted;
    }

    void remember(String idTag, IdTagInfo info) {
        if (info != null) cache.put(idTag, info);
    }

    void clearCache() {
        cache.clear();
    }

    /** The local verdict: from the list first, then the cache; an expired Accepted counts as Expired. */
    Optional<IdTagInfo> lookup(String idTag, boolean useList, boolean useCache, Instant now) {
        IdTagInfo info = useList ? list.get(idTag) : null;
        if (info == null && useCache) info = cache.get(idTag);
        if (info == null) return Optional.empty();
        if ("Accepted".equals(info.status()) && info.expiryDate() != null && info.expiryDate().isBefore(now))
            return Optional.of(new IdTagInfo(info.expiryDate(), info.parentIdTag(), "Expired"));
        return Optional.of(info);
    }

    private void save() {
        if (folder == null) return;
        var entries = new ArrayList<AuthorizationData>();
        list.forEach((tag, info) -> entries.add(new AuthorizationData(tag, info)));
        try {
            folder.writeLocalList(List.of(new Stored(listVersion, entries)));
        } catch (IOException e) {
            log.warn("could not save the local list in {}: {}", folder.directory(), e.toString());
        }
    }
}
