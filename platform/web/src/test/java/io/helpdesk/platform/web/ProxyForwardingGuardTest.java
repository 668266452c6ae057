package io.helpdesk.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class ProxyForwardingGuardTest {

    @Test
    void forwardingStaysOnWhenProxiesAreNamed() {
        assertEquals("true", forwarding(Map.of("HTTP_TRUSTED_PROXIES", "10.244.0.0/16")));
        assertEquals("true", forwarding(Map.of("HTTP_TRUSTED_PROXIES", "127.0.0.1,::1/128")));
    }

    @Test
    void forwardingIsOffWhileNoProxyIsNamed() {
        assertEquals("false", forwarding(Map.of()));
        assertEquals("false", forwarding(Map.of("HTTP_TRUSTED_PROXIES", "")));
        assertEquals("false", forwarding(Map.of("HTTP_TRUSTED_PROXIES", " , ")));
    }

    @Test
    void forwardingSwitchedOnAnotherWayIsOffWhileNoProxyIsNamed() {
        assertEquals("false", forwarding(Map.of(ProxyForwardingGuard.FORWARDING, "on")));
    }

    @Test
    void forwardingSwitchedOffStaysOff() {
        assertEquals("false", forwarding(Map.of("HTTP_TRUSTED_PROXIES", "10.0.0.0/8", ProxyForwardingGuard.FORWARDING, "false")));
    }

    /** The platform's lines, then the given values over them, as a deployment's environment would be. */
    private static String forwarding(Map<String, String> environment) {
        Map<String, String> platform = new HashMap<>();
        platform.put(ProxyForwardingGuard.FORWARDING, "true");
        platform.put(ProxyForwardingGuard.TRUSTED_PROXIES, "${HTTP_TRUSTED_PROXIES:}");
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(platform, "platform", 100),
                        new PropertiesConfigSource(environment, "environment", 300))
                .withInterceptors(new ProxyForwardingGuard())
                .build();
        return config.getConfigValue(ProxyForwardingGuard.FORWARDING).getValue();
    }
}
