package io.helpdesk.auth;

import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ReconfiguredAuthProfile.class)
class AddressThrottleTest {

    @Inject
    RedisDataSource redis;

    @AfterEach
    void forgetTheAddress() {
        // Other tests of this profile log in and reset from the same address.
        for (String pattern : new String[] { "auth:login:ip:*", "auth:otp:confirm:ip:*", "auth:verify:ip:*" }) {
            String[] counters = redis.key().keys(pattern).toArray(String[]::new);
            if (counters.length > 0) {
                redis.key().del(counters);
            }
        }
    }

    @Test
    void tooManyLoginsFromOneAddressAre429WithRetryAfter() {
        for (int i = 0; i < ReconfiguredAuthProfile.PER_IP_LIMIT; i++) {
            AuthApi.login(AuthApi.uniqueEmail("spray"), "any-password-at-all").then().statusCode(401);
        }
        AuthApi.login(AuthApi.uniqueEmail("spray"), "any-password-at-all").then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void tooManyResetConfirmationsFromOneAddressAre429WithRetryAfter() {
        for (int i = 0; i < ReconfiguredAuthProfile.RESET_CONFIRM_PER_IP_LIMIT; i++) {
            AuthApi.confirmReset(AuthApi.uniqueEmail("guess"), "123456", AuthApi.strongPassword()).then().statusCode(400);
        }
        AuthApi.confirmReset(AuthApi.uniqueEmail("guess"), "123456", AuthApi.strongPassword()).then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void tooManyVerificationResendsFromOneAddressAre429WithRetryAfter() {
        for (int i = 0; i < ReconfiguredAuthProfile.VERIFICATION_RESEND_PER_IP_LIMIT; i++) {
            AuthApi.resendVerification(AuthApi.uniqueEmail("sprayed")).then().statusCode(202);
        }
        AuthApi.resendVerification(AuthApi.uniqueEmail("sprayed")).then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue());
    }
}
