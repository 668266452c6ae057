package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The secrets a local stack needs, made once per data directory and kept there, so tokens and
 * sealed events stay valid across restarts: the auth-service's RS256 signing key and the key that
 * seals secret event fields, the unsubscribe-link key, the client secrets chat and analytics
 * use for their SERVICE tokens, and the secret key of the S3 server. Local development only; a real deployment gets them from its Secret.
 */
final class DevSecrets {

    /** Demo accounts: email, role, password (local development only), name. */
    static final List<String[]> DEMO_ACCOUNTS = List.of(
            new String[] { "admin@helpdesk.local", "ADMIN", "admin-dev-password", "Ada Admin" },
            new String[] { "agent@helpdesk.local", "AGENT", "agent-dev-password", "Alan Agent" },
            new String[] { "customer@helpdesk.local", "CUSTOMER", "customer-dev-password", "Chris Customer" });

    private final String signingKeyPem;
    private final String sealingKey;
    private final String unsubscribeKey;
    private final String chatClientSecret;
    private final String analyticsClientSecret;
    private final String s3SecretKey;

    /** The access key id of the devstack's S3 server; its secret is made once per data directory. */
    static final String S3_ACCESS_KEY_ID = "helpdesk-dev";

    private DevSecrets(String signingKeyPem, String sealingKey, String unsubscribeKey, String chatClientSecret,
            String analyticsClientSecret, String s3SecretKey) {
        this.signingKeyPem = signingKeyPem;
        this.sealingKey = sealingKey;
        this.unsubscribeKey = unsubscribeKey;
        this.chatClientSecret = chatClientSecret;
        this.analyticsClientSecret = analyticsClientSecret;
        this.s3SecretKey = s3SecretKey;
    }

    static DevSecrets loadOrCreate(Path dataDir) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("keys"));
        Path signing = dir.resolve("auth-signing-key.pem");
        Path sealing = dir.resolve("event-sealing-key");
        Path unsubscribe = dir.resolve("unsubscribe-key");
        Path chat = dir.resolve("chat-client-secret");
        Path analytics = dir.resolve("analytics-client-secret");
        Path s3 = dir.resolve("s3-secret-key");
        if (!Files.exists(signing)) {
            write(signing, newSigningKey());
        }
        for (Path secret : new Path[] { sealing, unsubscribe, chat, analytics, s3 }) {
            if (!Files.exists(secret)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                write(secret, Base64.getEncoder().encodeToString(key));
            }
        }
        return new DevSecrets(Files.readString(signing), Files.readString(sealing).trim(),
                Files.readString(unsubscribe).trim(), Files.readString(chat).trim(), Files.readString(analytics).trim(),
                Files.readString(s3).trim());
    }

    String chatClientSecret() {
        return chatClientSecret;
    }

    String analyticsClientSecret() {
        return analyticsClientSecret;
    }

    String s3SecretKey() {
        return s3SecretKey;
    }

    String unsubscribeKey() {
        return unsubscribeKey;
    }

    String signingKeyPem() {
        return signingKeyPem;
    }

    String sealingKey() {
        return sealingKey;
    }

    /** The demo accounts in the form the auth-service reads from {@code AUTH_SEED_USERS}. */
    static String seedUsers() {
        return String.join(",", DEMO_ACCOUNTS.stream().map(a -> String.join("|", a)).toList());
    }

    private static String newSigningKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the data directory is the user's own anyway
        }
    }
}
