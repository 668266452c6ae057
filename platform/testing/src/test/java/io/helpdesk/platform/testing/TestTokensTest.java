package io.helpdesk.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.security.TokenClaims;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/** Test tokens verify the way services verify real ones: RS256 against a JWKS fetched over HTTP. */
class TestTokensTest {

    private static final JwtTestResource JWKS = new JwtTestResource();
    private static DefaultJWTParser parser;

    @BeforeAll
    static void serveJwks() {
        Map<String, String> config = JWKS.start();
        JWTAuthContextInfo info = new JWTAuthContextInfo(config.get("mp.jwt.verify.publickey.location"),
                config.get("mp.jwt.verify.issuer"));
        info.setExpectedAudience(Set.of(config.get("mp.jwt.verify.audiences")));
        parser = new DefaultJWTParser(info);
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop();
    }

    @Test
    void mintedTokenCarriesTheRequestedClaims() throws Exception {
        String token = TestTokens.forUser("user-42").email("ada@example.com").role(Roles.AGENT).jti("jti-1").sign();

        JsonWebToken jwt = parser.parse(token);

        assertEquals("user-42", jwt.getSubject());
        assertEquals("ada@example.com", jwt.getName());
        assertEquals(Set.of(Roles.AGENT), jwt.getGroups());
        assertEquals("jti-1", jwt.getTokenID());
        assertEquals(TokenClaims.DEFAULT_ISSUER, jwt.getIssuer());
        assertEquals(Set.of(TokenClaims.DEFAULT_AUDIENCE), jwt.getAudience());
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"kid\":\"" + TestTokens.KEY_ID + "\""), header);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
    }

    @Test
    void expiredTokenIsRefused() {
        String token = TestTokens.forUser("user-42")
                .issuedAt(Instant.now().minus(Duration.ofHours(1)))
                .lifetime(Duration.ofMinutes(15))
                .sign();
        assertThrows(ParseException.class, () -> parser.parse(token));
    }

    @Test
    void foreignIssuerOrAudienceIsRefused() {
        assertThrows(ParseException.class, () -> parser.parse(TestTokens.forUser("u").issuer("https://evil.example").sign()));
        assertThrows(ParseException.class, () -> parser.parse(TestTokens.forUser("u").audience("another-app").sign()));
    }
}
