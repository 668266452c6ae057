import java.util.Map;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.password4j.Argon2Function;
import com.password4j.Password;

import io.helpdesk.system.bench.BenchResults;
import io.helpdesk.system.bench.HashCeiling;

/**
 * The ceiling of password logins on this machine: how many Argon2id verifications per second all
 * cores together can do, with the library the auth-service uses (the password4j jar packaged with it,
 * put on the class path by bench/run) and the cost it stores with its hashes. The cost is not
 * repeated here: it is read from a stored hash of a demo account, the hash a login verifies, so the
 * ceiling follows whatever the auth-service is configured with.
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
        Argon2Function argon2 = Argon2Function.getInstanceFromHash(hash);
        if (!Password.check(password, hash).with(argon2)) {
            throw new IllegalStateException("The stored hash of " + email + " does not verify " + password);
        }

        String cost = hash.substring(0, hash.indexOf('$', hash.indexOf("m=")));
        HashCeiling.measure("argon2.ceiling", cost, threads, seconds, () -> Password.check(password, hash).with(argon2));
    }
}
