package io.helpdesk.notification.preference;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.notification.config.NotificationConfig;

/** The signed links that let a user opt out of ticket mail without logging in. */
@ApplicationScoped
public class UnsubscribeLinks {

    private final NotificationConfig config;

    public UnsubscribeLinks(NotificationConfig config) {
        this.config = config;
    }

    /** The one-click unsubscribe link for a user. */
    public String unsubscribeUrl(String userId) {
        return config.publicUrl().replaceAll("/+$", "") + "/v1/notifications/unsubscribe?u="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&s=" + sign(userId);
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
