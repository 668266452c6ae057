package io.helpdesk.auth;

import io.helpdesk.platform.testing.JwtTestResource;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.testing.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real servers every {@code @QuarkusTest} in this module talks to, started once and shared:
 * a MongoDB-wire server, Redis 7 and the test JWKS.
 */
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
