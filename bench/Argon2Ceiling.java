import java.time.Duration;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

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
 * <p>Run from bench/run as a single-file program in a JVM with the auth-service's options (java @jvm.options
 * Argon2Ceiling.java ...), before the logins and
 * again right after them under another name, since this machine's rate drifts over minutes:
 * {@code --mongo URI --email admin@helpdesk.local --password ... --seconds 10 --threads 2 --name argon2.ceiling}.
 */
public final class Argon2Ceiling {

    public static void main(String[] args) throws Exception {
        BenchResults.quietLogs();
        Map<String, String> options = BenchResults.options(args);
        String mongo = BenchResults.required(options, "mongo");
        String name = options.getOrDefault("name", "argon2.ceiling");
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
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("m=(\\d+),t=(\\d+),p=(\\d+)").matcher(cost);
        if (!m.find()) {
            throw new IllegalStateException("No Argon2 cost in " + cost);
        }
        // The stored hash's cost, with a turn for every thread.
        PasswordHasher hasher = PasswordHasher.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), threads, Duration.ofMinutes(1));
        if (!hasher.verify(password, hash)) {
            throw new IllegalStateException("The stored hash of " + email + " does not verify " + password);
        }
        HashCeiling.measure(name, cost, threads, seconds, () -> hasher.verify(password, hash));
    }
}
