package io.helpdesk.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The avatar tests against the packaged service: in a native build, the image decoders registered at start. */
@QuarkusIntegrationTest
class AvatarIT extends AvatarTest {
}
