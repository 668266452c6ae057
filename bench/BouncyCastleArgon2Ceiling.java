import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import io.helpdesk.system.bench.BenchResults;
import io.helpdesk.system.bench.HashCeiling;

/**
 * Argon2id verifications per second on every core with BouncyCastle, the library Keycloak hashes
 * with (the jar in Keycloak's distribution, put on the class path by bench/run). Run right after
 * Argon2Ceiling.java at the same cost, it tells how much of the difference between the two servers'
 * logins is the hashing library and the JVM options the auth-service hashes with (this runs without them,
 * as Keycloak does); run at the cost Keycloak stored, it is Keycloak's own ceiling.
 *
 * <p>{@code java BouncyCastleArgon2Ceiling.java --name N --memory 19456 --iterations 2 --parallelism 1 --seconds 10}
 */
public final class BouncyCastleArgon2Ceiling {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchResults.options(args);
        String name = BenchResults.required(options, "name");
        int memory = Integer.parseInt(BenchResults.required(options, "memory"));
        int iterations = Integer.parseInt(BenchResults.required(options, "iterations"));
        int parallelism = Integer.parseInt(BenchResults.required(options, "parallelism"));
        double seconds = Double.parseDouble(BenchResults.required(options, "seconds"));
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory).withIterations(iterations)
                .withParallelism(parallelism).withSalt("sixteen byte salt".getBytes(StandardCharsets.UTF_8)).build();
        Runnable verify = () -> {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            generator.generateBytes("Load-test pass 7Kq2-vX9m".toCharArray(), new byte[32]);
        };

        HashCeiling.measure(name, "argon2id m=" + memory + ",t=" + iterations + ",p=" + parallelism,
                Runtime.getRuntime().availableProcessors(), seconds, verify);
    }
}
