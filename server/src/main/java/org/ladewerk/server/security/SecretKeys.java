package org.ladewerk.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A server secret: the configured value (Base64) when there is one, else a random 32-byte key kept in
 * a file of the data dir, made on first use readable by the owner only. One node can run on the file;
 * several nodes sharing a database must configure the same value.
 */
public final class SecretKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretKeys() {}

    public static byte[] configuredOrFile(String configured, Path dataDir, String fileName) {
        if (configured != null && !configured.isBlank()) return Base64.getDecoder().decode(configured.strip());
        Path file = dataDir.resolve(fileName);
        try {
            Files.createDirectories(dataDir);
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            try {
                Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                        Base64.getEncoder().encodeToString(fresh));
            } catch (FileAlreadyExistsException exists) {
                // made before (or by a process racing us): use that one
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }
}
