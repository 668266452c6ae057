package io.helpdesk.auth.user;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.avatar.AvatarImages;
import io.helpdesk.auth.avatar.AvatarStore;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.storage.ObjectStore;

/**
 * A user's picture: given at sign-up, replaced, removed, and served. A picture is checked and
 * re-encoded ({@link AvatarImages}) before anything is stored; its files are stored before the account
 * points at them, and the files of the picture it replaces are deleted once it no longer does. Each
 * change is announced as {@code UserUpdated} with the new {@code avatarUrl}.
 */
@ApplicationScoped
public class AvatarService {

    private final AvatarImages images;
    private final AvatarStore store;
    private final UserService users;
    private final UserRepository repository;
    private final AccountWrites writes;
    private final String publicUrl;

    public AvatarService(AvatarImages images, AvatarStore store, UserService users, UserRepository repository,
            AccountWrites writes, AuthConfig config) {
        this.images = images;
        this.store = store;
        this.users = users;
        this.repository = repository;
        this.writes = writes;
        this.publicUrl = config.publicUrl().replaceAll("/+$", "");
    }

    /** Self sign-up with a picture: a refused picture, like a refused sign-up, stores nothing. */
    public User register(UserRequests.Register request, String ip, Path upload) {
        Map<Integer, byte[]> sizes = images.render(upload);
        String key = AvatarStore.newKey();
        User[] stored = new User[1];
        try {
            return users.register(request, ip, user -> {
                store.put(user.id, key, sizes);
                stored[0] = user;
                user.avatar = avatar(key);
            });
        } catch (RuntimeException e) {
            // The address was taken, or the store of accounts is down: the files are no one's.
            if (stored[0] != null) {
                store.delete(stored[0].id, key);
            }
            throw e;
        }
    }

    /** Sets the caller's picture, replacing (and deleting) the one they had. */
    public User replace(String userId, Path upload) {
        User user = users.current(userId);
        Map<Integer, byte[]> sizes = images.render(upload);
        String key = AvatarStore.newKey();
        store.put(user.id, key, sizes);
        User.Avatar previous = user.avatar;
        user.avatar = avatar(key);
        try {
            save(user);
        } catch (RuntimeException e) {
            store.delete(user.id, key);
            throw e;
        }
        if (previous != null) {
            store.delete(user.id, previous.key);
        }
        return user;
    }

    /** Removes the caller's picture; removing none is not an error. */
    public void remove(String userId) {
        User user = users.current(userId);
        if (user.avatar != null) {
            String key = user.avatar.key;
            user.avatar = null;
            save(user);
            store.delete(user.id, key);
        }
    }

    /** The id of the account whose current picture has this key. */
    public Optional<String> owner(String key) {
        return key.matches(AvatarStore.KEY_PATTERN) ? repository.findByAvatarKey(key).map(user -> user.id)
                : Optional.empty();
    }

    /** One of the {@link AvatarImages#SIZES} of an owner's picture. */
    public Optional<ObjectStore.StoredObject> open(String owner, String key, int size) {
        return store.open(owner, key, size);
    }

    private void save(User user) {
        UserService.touch(user);
        writes.save(user, users.userEvent(EventType.USER_UPDATED, user, user.id, UserService.accountOf(user)));
    }

    private User.Avatar avatar(String key) {
        User.Avatar avatar = new User.Avatar();
        avatar.key = key;
        avatar.url = publicUrl + "/v1/user/avatar/" + key + ".png";
        avatar.updatedAt = Instant.now();
        return avatar;
    }
}
