package io.helpdesk.platform.web;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Keeps {@code quarkus.http.proxy.proxy-address-forwarding} off while no trusted proxy is named.
 *
 * <p>With forwarding on and {@code quarkus.http.proxy.trusted-proxies} empty, Quarkus believes the
 * {@code X-Forwarded-For} of every connection, so any client could choose the address it is throttled
 * and audited under. Here an empty list (an unset or empty {@code HTTP_TRUSTED_PROXIES}) means the
 * opposite: nobody's forwarded headers are read.
 */
// The application priority runs this outside SmallRye's profile and expression interceptors, so it
// sees the trusted proxies as resolved from ${HTTP_TRUSTED_PROXIES} or a %profile value.
@Priority(Priorities.APPLICATION)
public class ProxyForwardingGuard implements ConfigSourceInterceptor {

    static final String FORWARDING = "quarkus.http.proxy.proxy-address-forwarding";
    static final String TRUSTED_PROXIES = "quarkus.http.proxy.trusted-proxies";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (FORWARDING.equals(name) && value != null && !proxiesNamed(context.proceed(TRUSTED_PROXIES))) {
            return value.withValue("false");
        }
        return value;
    }

    private static boolean proxiesNamed(ConfigValue proxies) {
        return proxies != null && proxies.getValue() != null && !proxies.getValue().replace(",", "").isBlank();
    }
}
