import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.password.PasswordHasher;
import io.helpdesk.system.bench.BenchResults;
import io.helpdesk.system.bench.HashCeiling;

/**
 * The ceiling of password logins on this machine: how many Argon2id verifications per second all
 * cores together can do, with the auth-service's own hasher (its classes and the libraries packaged
 * with it, put on the class path by bench/run: BouncyCastle with its pool of Argon2 blocks, one turn per
 * thread here) against a stored hash of a demo account, the hash a login verifies. The cost is not
 * repeated here: it is the stored hash's, so the ceiling follows whatever the auth-service is configured
 * with.
 *
 * <p>Run from bench/run as a single-file program (java Argon2Ceiling.java ...):
 * {@code --mongo URI --email admin@helpdesk.local --password ... --seconds 10 --threads 2}.
 */
public final class Argon2Ceiling {

    public static void main(String[] args) throws Exception {
        BenchResults.quietLogs();
        Map<String, String> options = BenchResults.options(args);
        String mongo = BenchResults.required(options, "mongo");
        String email = options.getOrDefault("email", "admin@helpdesk.local");
        String password = options.getOrDefault("password", "admin-dev-password");
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "10"));
        int threads = Integer.parseInt(options.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));

        String hash;
        try (MongoClient client = MongoClients.create(mongo)) {
            Document user = client.getDatabase("auth").getCollection("users").find(new Document("email", email)).first();
            if (user == null) {
                throw new IllegalStateException("No account " + email + " in the auth database");
            }
            hash = user.getString("passwordHash");
        }
        String cost = hash.substring(0, hash.indexOf('$', hash.indexOf("m=")));
        PasswordHasher hasher = new PasswordHasher(costOf(cost, threads));
        if (!hasher.verify(password, hash)) {
            throw new IllegalStateException("The stored hash of " + email + " does not verify " + password);
        }
        HashCeiling.measure("argon2.ceiling", cost, threads, seconds, () -> hasher.verify(password, hash));
    }

    /** The stored hash's cost as the service's configuration, with a turn for every thread. */
    private static AuthConfig.Password costOf(String cost, int threads) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("m=(\\d+),t=(\\d+),p=(\\d+)").matcher(cost);
        if (!m.find()) {
            throw new IllegalStateException("No Argon2 cost in " + cost);
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        return new AuthConfig.Password() {
            public int minLength() {
                return 12;
            }

            public int maxLength() {
                return 128;
            }

            public int minStrength() {
                return 3;
            }

            public int argon2MemoryKib() {
                return memory;
            }

            public int argon2Iterations() {
                return iterations;
            }

            public int argon2Parallelism() {
                return parallelism;
            }

            public Optional<Integer> hashConcurrency() {
                return Optional.of(threads);
            }

            public Duration hashWait() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
