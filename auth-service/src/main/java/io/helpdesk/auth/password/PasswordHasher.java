package io.helpdesk.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import com.password4j.BcryptFunction;
import com.password4j.Password;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Argon2id at the configured (OWASP) cost for every new hash; bcrypt hashes imported from the
 * earlier Node system ({@code $2a$}, {@code $2b$}, {@code $2y$}) still verify and are replaced at the
 * next successful login.
 *
 * <p>A hash is CPU and memory bound, so no more run at once than the service has processors, and no more
 * than a quarter of its heap holds ({@code auth.password.hash-concurrency}): more would only share the same
 * cores, each holding its own 19 MiB. The others wait their turn in order, up to {@code auth.password.hash-wait}, then get 503 with
 * Retry-After. Each turn keeps its Argon2 memory between hashes, so a login allocates none of it and the
 * heap does not churn 19 MiB per login; BouncyCastle clears every block as the hash gives it back.
 */
@ApplicationScoped
public class PasswordHasher {

    /** The 503 of every route that hashes a password, for its OpenAPI description. */
    public static final String BUSY = "A store is unavailable, or more passwords are being checked than the service has"
            + " turns for and this one waited its limit; see Retry-After";

    private static final int HASH_LENGTH = 32;
    private static final int SALT_LENGTH = 16;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** A block of Argon2 memory as the heap holds it: 1 KiB of longs and the array's and the block's headers. */
    private static final long BLOCK_BYTES = 1024 + 48;
    /**
     * The most a stored hash may ask for, beyond the configured cost (RFC 9106's 64 MiB option, ten passes,
     * sixteen lanes; bcrypt cost 15): a hash asking for more verifies nothing instead of taking the heap or
     * a turn for minutes. Hashes are written only by this service and the import, so none should.
     */
    private static final int MAX_MEMORY_KIB = 65536;
    private static final int MAX_ITERATIONS = 10;
    private static final int MAX_PARALLELISM = 16;
    private static final int MAX_BCRYPT_COST = 15;

    private final Argon2Hash cost;
    /** The free turns, each with its memory; a hash takes one and gives it back. */
    private final BlockingQueue<Memory> turns;
    private final Duration wait;
    private final SecureRandom random = new SecureRandom();
    /** Verified when the account does not exist, so that answer takes as long as a wrong password. */
    private final String decoy;

    @Inject
    public PasswordHasher(AuthConfig config) {
        this(config.password().argon2MemoryKib(), config.password().argon2Iterations(),
                config.password().argon2Parallelism(), config.password().hashConcurrency(), config.password().hashWait());
    }

    /** A hasher for a cost and its turns alone, outside the service: tests, and bench/Argon2Ceiling.java. */
    public static PasswordHasher of(int memoryKib, int iterations, int parallelism, int turns, Duration wait) {
        return new PasswordHasher(memoryKib, iterations, parallelism, Optional.of(turns), wait);
    }

    private PasswordHasher(int memoryKib, int iterations, int parallelism, Optional<Integer> turns, Duration wait) {
        this.cost = new Argon2Hash(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, memoryKib, iterations,
                parallelism, new byte[SALT_LENGTH], new byte[HASH_LENGTH]);
        int blocks = Argon2BytesGenerator.getBlockCount(memoryKib, parallelism);
        int concurrency = turns.orElse(defaultTurns(Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(), blocks * BLOCK_BYTES));
        if (concurrency < 1) {
            throw new IllegalArgumentException("auth.password.hash-concurrency must be at least 1");
        }
        this.turns = new ArrayBlockingQueue<>(concurrency, true);
        for (int i = 0; i < concurrency; i++) {
            this.turns.add(new Memory(blocks));
        }
        this.wait = wait;
        this.decoy = hash("decoy-password-for-timing");
    }

    /**
     * One turn per processor, but no more turns than a quarter of the heap holds: each keeps its memory
     * (19 MiB at the default cost) once it has hashed.
     */
    static int defaultTurns(int processors, long maxHeapBytes, long bytesPerTurn) {
        return (int) Math.max(1, Math.min(processors, maxHeapBytes / 4 / bytesPerTurn));
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return hashWith(inTurn(memory -> argon2(cost, salt, password, memory)), salt);
    }

    /**
     * The hash of a password when a turn is free right now, else null: for work that can wait for another
     * time, such as moving a verified password to the current cost.
     */
    public String hashIfFree(String password) {
        Memory memory = turns.poll();
        if (memory == null) {
            return null;
        }
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        try {
            return hashWith(argon2(cost, salt, password, memory), salt);
        } finally {
            turns.add(memory);
        }
    }

    private String hashWith(byte[] hash, byte[] salt) {
        return new Argon2Hash(cost.type(), cost.version(), cost.memoryKib(), cost.iterations(), cost.parallelism(),
                salt, hash).encoded();
    }

    public boolean verify(String password, String hash) {
        if (hash == null || password == null) {
            return false;
        }
        if (isBcrypt(hash)) {
            return bcryptCost(hash) <= MAX_BCRYPT_COST && inTurn(memory -> checkBcrypt(password, hash));
        }
        Argon2Hash stored;
        try {
            stored = Argon2Hash.parse(hash);
        } catch (RuntimeException e) {
            return false; // a malformed stored hash verifies nothing
        }
        if (stored.memoryKib() > Math.max(cost.memoryKib(), MAX_MEMORY_KIB)
                || stored.iterations() > Math.max(cost.iterations(), MAX_ITERATIONS)
                || stored.parallelism() > Math.max(cost.parallelism(), MAX_PARALLELISM)) {
            return false;
        }
        return inTurn(memory -> {
            try {
                return MessageDigest.isEqual(stored.hash(), argon2(stored, stored.salt(), password, memory));
            } catch (RuntimeException e) {
                return false; // parameters the generator refuses verify nothing
            }
        });
    }

    /** Spends the time of one verification without an account to check against. */
    public void verifyDecoy(String password) {
        verify(password == null ? "" : password, decoy);
    }

    /** True when the hash is of another scheme or cost than new hashes get. */
    public boolean needsUpgrade(String hash) {
        if (isBcrypt(hash) || !Argon2Hash.looksLikeArgon2(hash)) {
            return true;
        }
        try {
            return !Argon2Hash.parse(hash).sameCost(cost);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static byte[] argon2(Argon2Hash parameters, byte[] salt, String password, Memory memory) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(parameters.type())
                .withVersion(parameters.version())
                .withMemoryAsKB(parameters.memoryKib())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .withSalt(salt)
                .withBlockPool(memory)
                .build());
        byte[] out = new byte[parameters.hash().length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    /** The cost of a {@code $2b$NN$...} hash; a malformed one counts as too costly. */
    private static int bcryptCost(String hash) {
        try {
            return Integer.parseInt(hash.substring(4, 6));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static boolean checkBcrypt(String password, String hash) {
        try {
            return Password.check(password, hash).with(BcryptFunction.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false; // a malformed stored hash verifies nothing
        }
    }

    /** Runs the hash when one of the turns is free, in order, waiting at most {@link #wait} for it; 503 after that. */
    private <T> T inTurn(Function<Memory, T> work) {
        Memory memory;
        try {
            memory = turns.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            memory = null;
        }
        if (memory == null) {
            throw ProblemException.unavailable("Too many passwords are being checked right now; try again shortly.",
                    RETRY_AFTER);
        }
        try {
            return work.apply(memory);
        } finally {
            turns.add(memory);
        }
    }

    /**
     * One turn's Argon2 memory: the blocks of the last hash, handed out again to the next (one hash at a
     * time: the turn is the lock). The generator clears each block before it gives it back; a hash of a
     * greater cost than configured (an old hash) gets the blocks beyond these new, and they are dropped.
     */
    private static final class Memory implements Argon2BytesGenerator.BlockPool {

        private final ArrayDeque<Argon2BytesGenerator.Block> free;
        private final int keep;

        Memory(int keep) {
            this.keep = keep;
            this.free = new ArrayDeque<>(keep);
        }

        @Override
        public Argon2BytesGenerator.Block allocate() {
            Argon2BytesGenerator.Block block = free.pollFirst(); // in the order the last hash had them
            return block != null ? block : new Argon2BytesGenerator.Block();
        }

        @Override
        public void deallocate(Argon2BytesGenerator.Block block) {
            if (free.size() < keep) {
                free.addLast(block);
            }
        }
    }

    /** Turns free right now (for tests). */
    int freeTurns() {
        return turns.size();
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }
}
