import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id verifications per second on every core with BouncyCastle, the library Keycloak hashes
 * with (the jar in Keycloak's distribution, put on the class path by bench/run). Run right after
 * Argon2Ceiling.java at the same cost, it tells how much of the difference between the two servers'
 * logins is the hashing library; run at the cost Keycloak stored, it is Keycloak's own ceiling.
 *
 * <p>{@code java BouncyCastleArgon2Ceiling.java --name N --memory 19456 --iterations 2 --parallelism 1 --seconds 10}
 */
public final class BouncyCastleArgon2Ceiling {

    public static void main(String[] args) throws Exception {
        String name = option(args, "--name");
        int memory = Integer.parseInt(option(args, "--memory"));
        int iterations = Integer.parseInt(option(args, "--iterations"));
        int parallelism = Integer.parseInt(option(args, "--parallelism"));
        double seconds = Double.parseDouble(option(args, "--seconds"));
        int threads = Runtime.getRuntime().availableProcessors();
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory).withIterations(iterations)
                .withParallelism(parallelism).withSalt("sixteen byte salt".getBytes(StandardCharsets.UTF_8)).build();
        Runnable verify = () -> {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            generator.generateBytes("Load-test pass 7Kq2-vX9m".toCharArray(), new byte[32]);
        };

        long warmUpEnd = System.nanoTime() + (long) (Math.max(2, seconds * 0.2) * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            verify.run();
        }
        int single = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 0.3e9) {
            verify.run();
            single++;
        }
        double msPerHash = (System.nanoTime() - start) / 1e6 / single;

        LongAdder done = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    verify.run();
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
        System.out.printf("BENCH {\"name\":\"%s\",\"rps\":%.1f,\"threads\":%d,\"msPerHash\":%.1f,"
                + "\"hashes\":%d,\"seconds\":%.1f,\"cost\":\"argon2id m=%d,t=%d,p=%d\"}%n",
                name, done.sum() / measured, threads, msPerHash, done.sum(), measured, memory, iterations, parallelism);
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException(name + " is required");
    }
}
