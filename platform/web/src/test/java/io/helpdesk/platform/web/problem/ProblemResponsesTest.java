package io.helpdesk.platform.web.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemResponsesTest {

    private final ProblemResponses problems = new ProblemResponses(new ObjectMapper());

    @Test
    void aRawPathIsTheInstanceAsItIs() {
        assertEquals(URI.create("/v1/user/oauth/hello%20world"),
                problems.problem(404, "No such thing.", "/v1/user/oauth/hello%20world").instance());
    }

    /** A decoded path of an odd request (the sign-in route once answered these with 500). */
    @Test
    void aDecodedPathWithCharactersNoUriAllowsIsEncodedNotAFailure() {
        assertEquals("/v1/user/oauth/hello%20world",
                problems.problem(404, "No such thing.", "/v1/user/oauth/hello world").instance().toASCIIString());
        assertEquals("/v1/user/oauth/a%00b%01%1F%7F",
                problems.problem(404, "No such thing.", "/v1/user/oauth/a\u0000b\u0001\u001f\u007f").instance()
                        .toASCIIString());
        assertEquals("/v1/x/100%25", problems.problem(404, null, "/v1/x/100%").instance().toASCIIString());
        assertEquals("/v1/x/%E2%88%87", problems.problem(404, null, "/v1/x/\u2207").instance().toASCIIString());
    }

    @Test
    void noPathNoInstance() {
        assertNull(problems.problem(400, null, null).instance());
    }
}
