package io.helpdesk.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import io.helpdesk.platform.web.problem.ProblemException;

/**
 * The hasher against hashes it did not make: the reference implementation's own test vector, a hash
 * stored by the earlier hasher (password4j) at the production cost, and password4j's hashes of other
 * variants, versions and lengths both ways; then the turns it hands out.
 */
class PasswordHasherTest {

    /** phc-winner-argon2's test vector: "password", salt "somesalt", 64 MiB, 2 passes, 1 lane. */
    private static final String REFERENCE_VECTOR =
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    /** The demo agent's password as the earlier hasher stored it, at the production cost. */
    private static final String STORED_BY_PASSWORD4J =
            "$argon2id$v=19$m=19456,t=2,p=1$tx2Zj8EfsQBfEAaNT+FHdA$3fxV7Zwfnl2dh2bbDub/KGewWv5ESc3jjMblCAfPCxs";

    private static PasswordHasher hasher(int memoryKib, int iterations, int concurrency, Duration wait) {
        return PasswordHasher.of(memoryKib, iterations, 1, concurrency, wait);
    }

    private static PasswordHasher cheap() {
        return hasher(256, 1, 2, Duration.ofSeconds(5));
    }

    @Test
    void theReferenceVectorAndAHashTheEarlierHasherStoredVerify() {
        PasswordHasher hasher = cheap();
        assertTrue(hasher.verify("password", REFERENCE_VECTOR));
        assertFalse(hasher.verify("passwore", REFERENCE_VECTOR));
        assertTrue(hasher.verify("agent-dev-password", STORED_BY_PASSWORD4J));
        assertFalse(hasher.verify("agent-dev-passwort", STORED_BY_PASSWORD4J));
    }

    @Test
    void password4jVerifiesOurHashesAndWeVerifyItsInEveryVariantVersionAndLength() {
        PasswordHasher hasher = cheap();
        // (password4j cannot check an empty password, not even against its own hash: that one is ours alone.)
        String empty = hasher.hash("");
        assertTrue(hasher.verify("", empty));
        assertFalse(hasher.verify(" ", empty));
        for (String password : List.of("correct horse battery staple", "pässwörd ✓ 密码")) {
            String ours = hasher.hash(password);
            assertTrue(ours.startsWith("$argon2id$v=19$m=256,t=1,p=1$"), ours);
            assertTrue(Password.check(password, ours).with(Argon2Function.getInstanceFromHash(ours)), ours);
            assertTrue(hasher.verify(password, ours));
            assertFalse(hasher.verify(password + "x", ours));
            for (Argon2 variant : Argon2.values()) {
                for (int version : new int[] { 0x10, 0x13 }) {
                    String theirs = Password.hash(password).addRandomSalt(16)
                            .with(Argon2Function.getInstance(64, 3, 2, 24, variant, version)).getResult();
                    assertTrue(hasher.verify(password, theirs), theirs);
                    assertFalse(hasher.verify(password + "x", theirs), theirs);
                    assertTrue(hasher.needsUpgrade(theirs), theirs);
                }
            }
        }
    }

    @Test
    void aHashOfTheConfiguredCostNeedsNoUpgradeAnyOtherDoes() {
        PasswordHasher hasher = cheap();
        assertFalse(hasher.needsUpgrade(hasher.hash("some password")));
        assertTrue(hasher.needsUpgrade(cheapHash("some password", 512)));
        assertTrue(hasher.needsUpgrade(STORED_BY_PASSWORD4J));
        assertTrue(hasher.needsUpgrade("$2b$10$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"));
        assertTrue(hasher.needsUpgrade("not a hash"));
        assertFalse(cheap().needsUpgrade(cheapHash("some password", 256)), "another instance, the same cost");
    }

    private static String cheapHash(String password, int memoryKib) {
        return hasher(memoryKib, 1, 1, Duration.ofSeconds(5)).hash(password);
    }

    @Test
    void aMalformedStoredHashVerifiesNothingAndThrowsNothing() {
        PasswordHasher hasher = cheap();
        String good = hasher.hash("password");
        List<String> bad = new ArrayList<>(List.of("", "$", "$argon2id$", "$argon2x$v=19$m=256,t=1,p=1$c29tZXNhbHQ$AAAA",
                "$argon2id$v=18$m=256,t=1,p=1$c29tZXNhbHQ$AAAAAAAA", "$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$AAAAAAAA",
                "$argon2id$v=19$m=4,t=1,p=1$c29tZXNhbHQ$AAAAAAAA", "$argon2id$v=19$m=256,t=1,p=0$c29tZXNhbHQ$AAAAAAAA",
                "$argon2id$v=19$m=256,t=1,p=1,x=2$c29tZXNhbHQ$AAAAAAAA", "$argon2id$v=19$m=256,t=1,p=1$!!!$AAAAAAAA",
                "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHQ$", "$argon2id$v=19$m=x,t=1,p=1$c29tZXNhbHQ$AAAAAAAA",
                "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHQ$AAAAAAAA$extra", "$2b$10$short"));
        for (int cut = 1; cut < good.length(); cut += 3) {
            bad.add(good.substring(0, cut));
        }
        for (String stored : bad) {
            assertFalse(hasher.verify("password", stored), stored);
            assertTrue(hasher.needsUpgrade(stored), stored);
        }
        assertFalse(hasher.verify(null, good));
        assertFalse(hasher.verify("password", null));
    }

    @Test
    void aStoredHashAskingForMoreThanTheBoundsVerifiesNothingAtOnce() {
        PasswordHasher hasher = cheap();
        String salt = "c29tZXNhbHQ";
        String hash = "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        for (String parameters : List.of("m=67108864,t=1,p=1", "m=65537,t=1,p=1", "m=256,t=1000000,p=1", "m=256,t=11,p=1",
                "m=4096,t=1,p=200")) {
            String stored = "$argon2id$v=19$" + parameters + "$" + salt + "$" + hash;
            assertFalse(hasher.verify("password", stored), stored);
        }
        assertTrue(hasher.verify("password", REFERENCE_VECTOR), "64 MiB, the bound itself, still verifies");
        assertFalse(hasher.verify("password", "$2b$31$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"));
        assertFalse(hasher.verify("password", "$2b$x$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"));
    }

    @Test
    void theDefaultTurnsAreTheProcessorsButNoMoreThanAQuarterOfTheHeapHolds() {
        long turn = 19456L * 1072;
        assertEquals(2, PasswordHasher.defaultTurns(2, 256L << 20, turn));
        assertEquals(3, PasswordHasher.defaultTurns(16, 256L << 20, turn));
        assertEquals(1, PasswordHasher.defaultTurns(8, 64L << 20, turn));
        assertEquals(16, PasswordHasher.defaultTurns(16, 8L << 30, turn));
    }

    @Test
    void noMoreHashesRunAtOnceThanThereAreTurnsAndOneThatWaitsTooLongIs503() throws Exception {
        PasswordHasher hasher = hasher(65536, 8, 1, Duration.ofMillis(20));
        String stored = cheapHash("password", 256);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> hasher.hash("a slow one"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hasher.freeTurns() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, hasher.freeTurns(), "the slow hash holds the only turn");
        ProblemException busy = assertThrows(ProblemException.class, () -> hasher.verify("password", stored));
        assertEquals(503, busy.status());
        assertEquals(Duration.ofSeconds(1), busy.retryAfter());
        assertEquals(null, hasher.hashIfFree("password"), "work that can wait does not wait");
        slow.get(60, TimeUnit.SECONDS);
        assertEquals(1, hasher.freeTurns(), "the turn is given back");
        assertTrue(hasher.verify("password", stored), "and the next one gets it");
        assertTrue(hasher.verify("password", hasher.hashIfFree("password")), "as work that can wait does when one is free");
    }
}
