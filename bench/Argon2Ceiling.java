import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.password4j.Argon2Function;
import com.password4j.Password;

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
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String mongo = option(args, "--mongo", null);
        String email = option(args, "--email", "admin@helpdesk.local");
        String password = option(args, "--password", "admin-dev-password");
        double seconds = Double.parseDouble(option(args, "--seconds", "10"));
        int threads = Integer.parseInt(option(args, "--threads", String.valueOf(Runtime.getRuntime().availableProcessors())));

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

        // Warm-up (password4j is plain Java: the JIT compiles its inner loops first).
        long warmUpEnd = System.nanoTime() + (long) (Math.max(2, seconds * 0.2) * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            Password.check(password, hash).with(argon2);
        }

        // One thread alone: the time one login spends hashing.
        int single = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 0.3e9) {
            Password.check(password, hash).with(argon2);
            single++;
        }
        double msPerHash = (System.nanoTime() - start) / 1e6 / single;

        // Every core: the most verifications per second this machine can do, which caps login/s.
        LongAdder done = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    Password.check(password, hash).with(argon2);
                    if (measuring.get()) {
                        done.increment();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep((long) (seconds * 200));
        measuring.set(true);
        long measureStart = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        double measured = (System.nanoTime() - measureStart) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        String cost = hash.substring(0, hash.indexOf('$', hash.indexOf("m=")));
        System.out.printf("BENCH {\"name\":\"argon2.ceiling\",\"rps\":%.1f,\"threads\":%d,\"msPerHash\":%.1f,"
                + "\"hashes\":%d,\"seconds\":%.1f,\"cost\":\"%s\"}%n",
                done.sum() / measured, threads, msPerHash, done.sum(), measured, cost);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return fallback;
    }
}
