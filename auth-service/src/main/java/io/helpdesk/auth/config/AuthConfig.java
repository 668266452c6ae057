package io.helpdesk.auth.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.helpdesk.platform.security.TokenClaims;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the auth-service can be told; every value can come from the environment. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** Where this service is reached from outside: the issuer and the endpoints of the discovery document. */
    @WithDefault("http://localhost:8081")
    String publicUrl();

    Jwt jwt();

    Password password();

    Login login();

    Otp otp();

    Verification verification();

    Invitation invitation();

    OAuth oauth();

    /** The first administrator, created at startup when no account has this email. */
    Optional<Admin> admin();

    /** Demo or bootstrap accounts: {@code email|ROLE|password|Name} each. */
    Optional<java.util.List<String>> seedUsers();

    /** Service clients for the client-credentials grant: id → secret. */
    Map<String, String> clients();

    interface Jwt {
        @WithDefault(TokenClaims.DEFAULT_ISSUER)
        String issuer();

        @WithDefault(TokenClaims.DEFAULT_AUDIENCE)
        String audience();

        /** The RS256 private key (PKCS#8 PEM). Required in prod; dev and test generate one. */
        Optional<String> signingKey();

        @WithDefault("helpdesk-1")
        String signingKeyId();

        /** The JWKS published before a rotation, kept published until its last token expires. */
        Optional<String> previousKeys();

        @WithDefault("PT15M")
        Duration accessTokenLifetime();

        @WithDefault("P30D")
        Duration refreshTokenLifetime();

        @WithDefault("PT10M")
        Duration serviceTokenLifetime();
    }

    interface Password {
        @WithDefault("12")
        int minLength();

        @WithDefault("128")
        int maxLength();

        /** zxcvbn score (0-4) a new password must reach; 3 refuses common and guessable ones. */
        @WithDefault("3")
        int minStrength();

        /** Argon2id memory in KiB (OWASP: 19456 with 2 iterations). */
        @WithDefault("19456")
        int argon2MemoryKib();

        @WithDefault("2")
        int argon2Iterations();

        @WithDefault("1")
        int argon2Parallelism();

        /**
         * Password hashes computed at once (logins, registrations, changes); the rest wait their turn. Unset:
         * one per processor the service may use, since more only share the same cores, but no more than a
         * quarter of the heap holds, since each keeps its Argon2 memory.
         */
        Optional<Integer> hashConcurrency();

        /** How long a request waits for its turn to hash before it is answered 503 with Retry-After. */
        @WithDefault("PT5S")
        Duration hashWait();
    }

    interface Login {
        /** Failed logins of one account within the window before it is locked. */
        @WithDefault("5")
        int maxFailures();

        @WithDefault("PT15M")
        Duration failureWindow();

        @WithDefault("PT15M")
        Duration lockout();

        /** Login attempts from one address per minute. */
        @WithDefault("30")
        int perIpPerMinute();
    }

    interface Otp {
        @WithDefault("PT10M")
        Duration lifetime();

        @WithDefault("5")
        int maxAttempts();

        /** A new code is sent at most once per this interval; requests in between send nothing. */
        @WithDefault("PT60S")
        Duration resendInterval();

        /** Codes issued to one account within an hour, on top of the resend interval. */
        @WithDefault("5")
        int perAccountPerHour();

        /** Codes issued to one account within a day. */
        @WithDefault("10")
        int perAccountPerDay();

        /** Reset confirmations (code guesses) from one client address per minute, whatever the account. */
        @WithDefault("10")
        int confirmPerIpPerMinute();
    }

    /** Codes that prove a self sign-up's address. */
    interface Verification {
        @WithDefault("PT24H")
        Duration lifetime();

        @WithDefault("5")
        int maxAttempts();

        /** One address is sent a new code at most once per this interval; 429 in between. */
        @WithDefault("PT60S")
        Duration resendInterval();

        /** Codes one address may ask for within an hour; 429 beyond. */
        @WithDefault("5")
        int perAddressPerHour();

        /** Resend requests from one client address per minute, whatever the addresses. */
        @WithDefault("10")
        int resendPerIpPerMinute();

        /** Verification attempts (code guesses) from one client address per minute, whatever the accounts. */
        @WithDefault("10")
        int confirmPerIpPerMinute();
    }

    /** Accounts an administrator creates: the set-your-password invitation. */
    interface Invitation {
        @WithDefault("P7D")
        Duration lifetime();
    }

    /** Sign-in with GitHub or an OpenID Connect provider (the providers are quarkus.oidc.<name> tenants). */
    interface OAuth {
        /**
         * The front-end page a browser is sent to after a sign-in, with a one-time code ({@code ?code=})
         * that it exchanges for the token pair. Unset, the callback answers the code as JSON.
         */
        Optional<String> completionUrl();

        /** How long the one-time code of a sign-in can be exchanged. */
        @WithDefault("PT2M")
        Duration codeLifetime();

        /** GitHub's REST API, where the verified primary email is read ({@code /user/emails}). */
        @WithDefault("https://api.github.com")
        String githubApiUrl();

        /** How long a call to the provider's API may take. */
        @WithDefault("PT10S")
        Duration providerTimeout();
    }

    interface Admin {
        String email();

        String password();

        /** Defaults to "Administrator". */
        Optional<String> name();
    }
}
