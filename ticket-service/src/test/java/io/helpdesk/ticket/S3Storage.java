package io.helpdesk.ticket;

import java.util.List;

import io.helpdesk.platform.testing.S3TestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The service with the S3 backend, against s3proxy on a free port (beside the usual test servers). */
public class S3Storage implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3TestResource.class));
    }
}
