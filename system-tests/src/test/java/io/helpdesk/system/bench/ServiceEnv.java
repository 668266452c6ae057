package io.helpdesk.system.bench;

import java.nio.file.Path;
import java.util.Map;

import io.helpdesk.platform.devstack.ServiceEnvironment;

/**
 * Prints, one {@code NAME=value} a line, the environment a devstack with this data directory and
 * port offset gives its services, so bench/run starts extra instances exactly as the devstack starts
 * its own. The signing key spans lines and is left out: bench/run reads it from
 * {@code <data>/keys/auth-signing-key.pem}, made here with the other secrets when missing.
 *
 * <p>{@code --data DIR --port-offset N}
 */
public final class ServiceEnv {

    private ServiceEnv() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchResults.options(args);
        ServiceEnvironment.ofDevstack(Path.of(BenchResults.required(options, "data")),
                Integer.parseInt(BenchResults.required(options, "port-offset")))
                .forEach((name, value) -> {
                    if (!name.equals("AUTH_SIGNING_KEY")) {
                        System.out.println(name + "=" + value);
                    }
                });
    }
}
