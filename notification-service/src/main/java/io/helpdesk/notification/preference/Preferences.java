package io.helpdesk.notification.preference;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.notification.config.NotificationConfig;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** What each user wants to receive, and the signed links that let them opt out without logging in. */
@ApplicationScoped
public class Preferences implements PanacheMongoRepositoryBase<Preferences.Preference, String> {

    @MongoEntity(collection = "preferences")
    public static class Preference {
        @BsonId
        public String id;
        /** Mail about tickets (created, replies, closed, assigned, SLA, reports). */
        public boolean ticketMail = true;
        public Instant updatedAt;
    }

    private final NotificationConfig config;

    public Preferences(NotificationConfig config) {
        this.config = config;
    }

    public Preference of(String userId) {
        return findByIdOptional(userId).orElseGet(() -> {
            Preference preference = new Preference();
            preference.id = userId;
            return preference;
        });
    }

    public Preference set(String userId, boolean ticketMail) {
        Preference preference = of(userId);
        preference.ticketMail = ticketMail;
        preference.updatedAt = Instant.now();
        persistOrUpdate(preference);
        return preference;
    }

    public boolean wants(String userId) {
        return of(userId).ticketMail;
    }

    /** The one-click unsubscribe link for a user. */
    public String unsubscribeUrl(String userId) {
        return config.publicUrl().replaceAll("/+$", "") + "/v1/notifications/unsubscribe?u="
                + java.net.URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&s=" + sign(userId);
    }

    public boolean verify(String userId, String signature) {
        return userId != null && signature != null && MessageDigest.isEqual(sign(userId).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.unsubscribeKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("unsubscribe:ticket-mail:" + userId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
