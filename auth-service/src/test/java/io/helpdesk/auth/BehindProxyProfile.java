package io.helpdesk.auth;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The auth-service behind a reverse proxy on the loopback, as a Knative pod sees its queue-proxy: the
 * test client is that proxy. A tight per-address login limit, as in {@link ReconfiguredAuthProfile}.
 */
public class BehindProxyProfile implements QuarkusTestProfile {

    static final int PER_IP_LIMIT = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "HTTP_TRUSTED_PROXIES", "127.0.0.1",
                "auth.login.per-ip-per-minute", String.valueOf(PER_IP_LIMIT));
    }
}
