package io.helpdesk.auth.code;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import io.helpdesk.auth.token.SigningKeys;
import io.quarkus.scheduler.Scheduled;

/**
 * Mailed 6-digit codes (password reset, email verification): stored only as a keyed hash under a key
 * that names the purpose and the account (one live code each), usable once, dead after a number of
 * wrong tries. A try is counted before the comparison, atomically, so concurrent guesses cannot
 * exceed the limit.
 */
@ApplicationScoped
public class OneTimeCodes {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new code: the document to store (with the event that carries it, sealed) and the code itself. */
    public record Issued(Otp otp, String code) {
    }

    public enum Outcome {
        /** No live code under the key, or none with tries left. */
        NO_CODE,
        WRONG,
        RIGHT
    }

    /** What one try found; {@code attempt} counts this one, {@code hash} identifies the code tried. */
    public record Check(Outcome outcome, int attempt, String hash) {
    }

    private final OtpRepository otps;
    private final byte[] hashKey;

    public OneTimeCodes(OtpRepository otps, SigningKeys keys) {
        this.otps = otps;
        this.hashKey = derive(keys);
    }

    public OtpRepository repository() {
        return otps;
    }

    /** A new code under the key, replacing any live one once stored; nothing is written here. */
    public Issued issue(String key, Duration lifetime) {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        Instant now = Instant.now();
        Otp otp = new Otp();
        otp.id = key;
        otp.hash = hash(key, code);
        otp.createdAt = now;
        otp.expiresAt = now.plus(lifetime);
        otp.attempts = 0;
        return new Issued(otp, code);
    }

    /** Counts one try of the code under the key and compares; the last wrong try deletes the code. */
    public Check check(String key, String code, int maxAttempts) {
        Document counted = otps.countTry(key, Instant.now(), maxAttempts);
        if (counted == null) {
            return new Check(Outcome.NO_CODE, 0, null);
        }
        String hash = counted.getString("hash");
        int attempt = counted.getInteger("attempts", 0) + 1;
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                hash(key, code).getBytes(StandardCharsets.US_ASCII))) {
            if (attempt >= maxAttempts) {
                otps.deleteById(key);
            }
            return new Check(Outcome.WRONG, attempt, hash);
        }
        return new Check(Outcome.RIGHT, attempt, hash);
    }

    /** Takes back the try a right code counted, when what it was for was refused for another reason. */
    public void giveBack(String key, String hash) {
        otps.giveBackTry(key, hash);
    }

    /** Uses the code up: true for the one caller that deleted it while it was still this code. */
    public boolean consume(String key, String hash) {
        return otps.deleteIfCurrent(key, hash);
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deleteExpired() {
        otps.deleteExpired(Instant.now());
    }

    private String hash(String key, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((key + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A keyed hash: a copy of the database alone does not let anyone try the million codes. */
    private static byte[] derive(SigningKeys keys) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("helpdesk-otp-hash".getBytes(StandardCharsets.UTF_8));
            return digest.digest(keys.signingKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
