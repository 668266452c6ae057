package io.helpdesk.auth.reset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.password.PasswordPolicy;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.token.SigningKeys;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.contracts.Sealer;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.events.OutboxRelay;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Forgot / reset password with an emailed 6-digit code: stored only as a keyed hash, valid for ten
 * minutes, usable once, dead after five wrong tries, resent at most once a minute. The code travels
 * to the notification-service sealed inside a {@code PasswordResetRequested} event.
 */
@ApplicationScoped
public class PasswordResetService implements PanacheMongoRepositoryBase<PasswordResetService.Otp, String> {

    public static final String PASSWORD_RESET_REQUESTED = "PasswordResetRequested";
    private static final String RESEND = "auth:otp:resend:";
    private static final SecureRandom RANDOM = new SecureRandom();

    @MongoEntity(collection = "otps")
    public static class Otp {
        /** The user's id: one live code per account. */
        @BsonId
        public String id;
        public String hash;
        public Instant createdAt;
        public Instant expiresAt;
        public int attempts;
        public List<OutboxEntry> outbox = new ArrayList<>();
    }

    private final UserRepository users;
    private final UserService userService;
    private final SessionService sessions;
    private final PasswordPolicy policy;
    private final OutboxRelay outbox;
    private final Sealer sealer;
    private final AuditLog audit;
    private final ValueCommands<String, String> values;
    private final AuthConfig.Otp config;
    private final byte[] hashKey;

    public PasswordResetService(UserRepository users, UserService userService, SessionService sessions,
            PasswordPolicy policy, OutboxRelay outbox, Sealer sealer, AuditLog audit, RedisDataSource redis,
            AuthConfig config, SigningKeys keys) {
        this.users = users;
        this.userService = userService;
        this.sessions = sessions;
        this.policy = policy;
        this.outbox = outbox;
        this.sealer = sealer;
        this.audit = audit;
        this.values = redis.value(String.class);
        this.config = config.otp();
        this.hashKey = derive(keys);
    }

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("expiresAt"),
                new IndexOptions().name("expiry").expireAfter(0L, java.util.concurrent.TimeUnit.SECONDS));
    }

    /** Issues a code when the account exists, is active and was not sent one within the last minute. */
    public void request(String email, String ip) {
        User user = users.findByEmail(UserRepository.normalize(email)).filter(User::active).orElse(null);
        if (user == null) {
            audit.record(AuditLog.Type.PASSWORD_RESET_REQUESTED, null, null, UserRepository.normalize(email), ip,
                    "no such active account");
            return;
        }
        String throttled = values.setGet(RESEND + user.id, "1", new SetArgs().nx().ex(config.resendInterval()));
        if (throttled != null) {
            return; // the code sent less than a minute ago is still the one to use
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        Instant now = Instant.now();
        Otp otp = new Otp();
        otp.id = user.id;
        otp.hash = hash(user.id, code);
        otp.createdAt = now;
        otp.expiresAt = now.plus(config.lifetime());
        otp.attempts = 0;
        otp.outbox.add(userService.userEvent(PASSWORD_RESET_REQUESTED, user, user.id, Map.of(
                "otpSealed", sealer.seal(code),
                "expiresAt", otp.expiresAt.toString(),
                "expiresInMinutes", config.lifetime().toMinutes())));
        persistOrUpdate(otp);
        outbox.flush(documents(), otp.id);
        audit.record(AuditLog.Type.PASSWORD_RESET_REQUESTED, user.id, user.id, user.email, ip, null);
    }

    /** Sets the new password when the code is right; every session and token of the account ends. */
    public void confirm(String email, String code, String newPassword, String ip) {
        User user = users.findByEmail(UserRepository.normalize(email)).filter(User::active).orElseThrow(this::invalid);
        policy.check("newPassword", newPassword, user.email, user.name);
        Instant now = Instant.now();
        // Count the try first, atomically: concurrent guesses cannot exceed the limit.
        Document counted = documents().findOneAndUpdate(
                Filters.and(Filters.eq("_id", user.id), Filters.gt("expiresAt", now),
                        Filters.lt("attempts", config.maxAttempts())),
                Updates.inc("attempts", 1));
        if (counted == null) {
            throw invalid();
        }
        byte[] expected = counted.getString("hash").getBytes(StandardCharsets.US_ASCII);
        byte[] presented = hash(user.id, code).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            audit.record(AuditLog.Type.PASSWORD_RESET_FAILED, null, user.id, user.email, ip,
                    "wrong code, try " + (counted.getInteger("attempts", 0) + 1));
            if (counted.getInteger("attempts", 0) + 1 >= config.maxAttempts()) {
                deleteById(user.id);
            }
            throw invalid();
        }
        // One use: whoever deletes it first resets the password.
        if (documents().deleteOne(Filters.and(Filters.eq("_id", user.id), Filters.eq("hash", counted.getString("hash"))))
                .getDeletedCount() == 0) {
            throw invalid();
        }
        userService.setPassword(user, newPassword, "reset");
        sessions.revokeEverything(user.id, "PASSWORD_RESET");
        audit.record(AuditLog.Type.PASSWORD_RESET, user.id, user.id, user.email, ip, null);
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        documents().deleteMany(Filters.and(Filters.lt("expiresAt", Instant.now()), Filters.size("outbox", 0)));
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishPending() {
        outbox.sweep(documents());
        outbox.sweep(users.documents());
    }

    private MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }

    private ProblemException invalid() {
        return new ProblemException(400, "The code is wrong or has expired. Ask for a new one.");
    }

    private String hash(String userId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((userId + ":" + code).getBytes(StandardCharsets.UTF_8)));
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
