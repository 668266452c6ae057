package io.helpdesk.platform.security;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * smallrye-jwt's principal factory (an alternative to its {@code DefaultJWTCallerPrincipalFactory}): the
 * token is verified by smallrye-jwt's own {@link DefaultJWTTokenParser} exactly as before, and the verified
 * claims become a {@link TokenPrincipal}. smallrye-jwt looks a claim's name up with {@code Claims.valueOf},
 * which throws for every name the MicroProfile {@code Claims} enum does not list; {@link Caller} reads
 * {@code sid} from every token on every request, so each authenticated request built and dropped an
 * exception with the whole stack of the request in it (a quarter of what {@code GET /v1/user} allocated).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TokenPrincipals extends JWTCallerPrincipalFactory {

    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JwtContext verified = parser.parse(token, context);
        return new TokenPrincipal(verified.getJoseObjects().get(0).getHeader("typ"), verified.getJwtClaims());
    }

    /** smallrye-jwt's principal, with a claim name looked up without an exception for the names it does not know. */
    static final class TokenPrincipal extends DefaultJWTCallerPrincipal {

        private static final Map<String, Claims> KNOWN = Arrays.stream(Claims.values())
                .collect(Collectors.toUnmodifiableMap(Claims::name, Function.identity()));

        TokenPrincipal(String type, JwtClaims claims) {
            super(type, claims);
        }

        @Override
        protected Claims getClaimType(String name) {
            return KNOWN.getOrDefault(name, Claims.UNKNOWN);
        }
    }
}
