package io.helpdesk.auth.password;

import jakarta.enterprise.context.ApplicationScoped;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.Password;
import com.password4j.types.Argon2;

import io.helpdesk.auth.config.AuthConfig;

/**
 * Argon2id at the configured (OWASP) cost for every new hash; bcrypt hashes imported from the
 * earlier Node system ({@code $2a$}, {@code $2b$}, {@code $2y$}) still verify and are replaced at the
 * next successful login.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final int HASH_LENGTH = 32;
    private final Argon2Function argon2;
    /** Verified when the account does not exist, so that answer takes as long as a wrong password. */
    private final String decoy;

    public PasswordHasher(AuthConfig config) {
        AuthConfig.Password password = config.password();
        this.argon2 = Argon2Function.getInstance(password.argon2MemoryKib(), password.argon2Iterations(),
                password.argon2Parallelism(), HASH_LENGTH, Argon2.ID);
        this.decoy = hash("decoy-password-for-timing");
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(argon2).getResult();
    }

    public boolean verify(String password, String hash) {
        if (hash == null || password == null) {
            return false;
        }
        try {
            if (isBcrypt(hash)) {
                return Password.check(password, hash).with(BcryptFunction.getInstanceFromHash(hash));
            }
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false; // a malformed stored hash verifies nothing
        }
    }

    /** Spends the time of one verification without an account to check against. */
    public void verifyDecoy(String password) {
        verify(password == null ? "" : password, decoy);
    }

    /** True when the hash is of another scheme or cost than new hashes get. */
    public boolean needsUpgrade(String hash) {
        if (isBcrypt(hash)) {
            return true;
        }
        try {
            return !Argon2Function.getInstanceFromHash(hash).equals(argon2);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }
}
