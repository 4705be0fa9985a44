package org.ladewerk.server.integration.enedis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ladewerk.server.security.SecretKeys;

/**
 * Encrypts the stored OAuth2 tokens (AES-256-GCM, a random 96-bit nonce per value, the usage point
 * id as associated data so a token cannot be moved to another meter's row). The key comes from
 * {@code ladewerk.enedis.token-key}, else from {@code enedis-token.key} in the data dir, created
 * on first use readable by the owner only. Several nodes must share the key: set the setting.
 */
final class TokenCipher {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    TokenCipher(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("ladewerk.enedis.token-key must be 32 bytes (Base64)");
        this.key = new SecretKeySpec(key, "AES");
    }

    static TokenCipher from(String configured, Path dataDir) {
        return new TokenCipher(SecretKeys.configuredOrFile(configured, dataDir, "enedis-token.key"));
    }

    String encrypt(String plain, String usagePointId) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(usagePointId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed", e);
        }
    }

    String decrypt(String stored, String usagePointId) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(usagePointId.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored token cannot be decrypted (was the token key changed?)", e);
        }
    }

    /** A key for another purpose derived from this one (HMAC-SHA256 of the label). */
    byte[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
