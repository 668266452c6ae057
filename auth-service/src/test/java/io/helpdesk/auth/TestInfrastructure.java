package io.helpdesk.auth;

import io.helpdesk.platform.testing.JwtTestResource;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TraceCollectorTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real servers every {@code @QuarkusTest} in this module talks to, started once and shared:
 * a MongoDB-wire server, Redis 7, the test JWKS and a trace collector stand-in.
 */
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
@QuarkusTestResource(TraceCollectorTestResource.class)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
