package io.helpdesk.auth.avatar;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.storage.ObjectStore;

/**
 * Where the avatars' PNGs are kept: {@code avatars/<userId>/<key>/<size>.png} in the deployment's
 * object store. Each new picture gets a new random key, so its address changes and every copy of it
 * can be cached for ever; which key is a user's current one lives on the account, not here.
 */
@ApplicationScoped
public class AvatarStore {
    private static final ThrottledLog THROTTLED = ThrottledLog.of(AvatarStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 128 random bits in URL-safe base64: 22 characters. */
    public static final String KEY_PATTERN = "[A-Za-z0-9_-]{22}";

    private final ObjectStore objects;

    public AvatarStore(ObjectStore objects) {
        this.objects = objects;
    }

    /** A new key for a new picture: unguessable, and unrelated to the user's id. */
    public static String newKey() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /**
     * Stores every size of a picture; when one cannot be stored the others are removed again and the
     * 503 is thrown, so nothing is left half-written.
     */
    public void put(String userId, String key, Map<Integer, byte[]> sizes) {
        List<Integer> written = new ArrayList<>();
        try {
            for (Map.Entry<Integer, byte[]> size : sizes.entrySet()) {
                objects.put(objectKey(userId, key, size.getKey()), "image/png", size.getValue());
                written.add(size.getKey());
            }
        } catch (RuntimeException e) {
            written.forEach(size -> deleteQuietly(objectKey(userId, key, size)));
            throw e;
        }
    }

    public Optional<ObjectStore.StoredObject> open(String userId, String key, int size) {
        return objects.open(objectKey(userId, key, size));
    }

    /**
     * Removes every size of a picture that is no longer anyone's. The account no longer points at it,
     * so if the store is down meanwhile the files only take room: that is logged, not failed.
     */
    public void delete(String userId, String key) {
        for (int size : AvatarImages.SIZES) {
            deleteQuietly(objectKey(userId, key, size));
        }
    }

    private void deleteQuietly(String objectKey) {
        try {
            objects.delete(objectKey);
        } catch (RuntimeException e) {
            THROTTLED.warnf("avatar-not-deleted:" + objectKey,
                    "Could not delete %s from the %s store, which keeps it: %s", objectKey, objects.backend(),
                    e.getMessage());
        }
    }

    static String objectKey(String userId, String key, int size) {
        return "avatars/" + userId + "/" + key + "/" + size + ".png";
    }
}
