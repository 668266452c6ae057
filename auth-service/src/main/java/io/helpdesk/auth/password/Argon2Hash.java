package io.helpdesk.auth.password;

import java.util.Base64;

import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2 hash in the PHC string format every Argon2 library reads and writes,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in base64 without padding; no
 * {@code v=} means version 0x10). {@link #parse} refuses anything else with an IllegalArgumentException.
 */
record Argon2Hash(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    static boolean looksLikeArgon2(String encoded) {
        return encoded.startsWith("$argon2");
    }

    static Argon2Hash parse(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 5 && parts.length != 6 || !parts[0].isEmpty()) {
            throw new IllegalArgumentException("not a PHC Argon2 string");
        }
        int type = switch (parts[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> throw new IllegalArgumentException("not an Argon2 variant: " + parts[1]);
        };
        int next = 2;
        int version = Argon2Parameters.ARGON2_VERSION_10;
        if (parts.length == 6) {
            if (!parts[2].startsWith("v=")) {
                throw new IllegalArgumentException("no version");
            }
            version = Integer.parseInt(parts[2].substring(2));
            if (version != Argon2Parameters.ARGON2_VERSION_10 && version != Argon2Parameters.ARGON2_VERSION_13) {
                throw new IllegalArgumentException("unknown version " + version);
            }
            next = 3;
        }
        int memory = -1;
        int iterations = -1;
        int parallelism = -1;
        for (String parameter : parts[next].split(",", -1)) {
            int equals = parameter.indexOf('=');
            int value = equals < 0 ? -1 : Integer.parseInt(parameter.substring(equals + 1));
            switch (equals < 0 ? "" : parameter.substring(0, equals)) {
                case "m" -> memory = value;
                case "t" -> iterations = value;
                case "p" -> parallelism = value;
                default -> throw new IllegalArgumentException("unknown parameter " + parameter);
            }
        }
        if (memory < 8 * Math.max(parallelism, 1) || iterations < 1 || parallelism < 1 || parallelism > 255) {
            throw new IllegalArgumentException("parameters out of range");
        }
        byte[] salt = DECODER.decode(parts[next + 1]);
        byte[] hash = DECODER.decode(parts[next + 2]);
        if (salt.length < 8 || hash.length < 4) {
            throw new IllegalArgumentException("salt or hash too short");
        }
        return new Argon2Hash(type, version, memory, iterations, parallelism, salt, hash);
    }

    String encoded() {
        String variant = switch (type) {
            case Argon2Parameters.ARGON2_id -> "argon2id";
            case Argon2Parameters.ARGON2_i -> "argon2i";
            default -> "argon2d";
        };
        return "$" + variant + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    /** The same variant, version and cost, and a hash of the same length: nothing to upgrade. */
    boolean sameCost(Argon2Hash other) {
        return type == other.type && version == other.version && memoryKib == other.memoryKib
                && iterations == other.iterations && parallelism == other.parallelism
                && hash.length == other.hash.length;
    }
}
