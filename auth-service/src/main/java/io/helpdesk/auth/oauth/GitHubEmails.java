package io.helpdesk.auth.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * GitHub's {@code GET /user/emails}: the profile ({@code /user}) shows at most a public address and
 * never says whether it is verified, this list does (it needs the {@code user:email} scope).
 */
@ApplicationScoped
public class GitHubEmails {
    private static final ThrottledLog THROTTLED = ThrottledLog.of(GitHubEmails.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    /** One address of the list. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Email(String email, boolean primary, boolean verified) {
    }

    private final ObjectMapper json;
    private final URI emails;
    private final Duration timeout;
    private final HttpClient http;

    public GitHubEmails(ObjectMapper json, AuthConfig config) {
        this.json = json;
        this.emails = URI.create(config.oauth().githubApiUrl().replaceAll("/+$", "") + "/user/emails");
        this.timeout = config.oauth().providerTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The primary address, verified or not; empty when GitHub lists none. 503 when GitHub cannot be asked. */
    public Optional<Email> primary(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(emails).timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "helpdesk-auth-service")
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                THROTTLED.warnf("github-status", "GitHub answered %d to the email list", response.statusCode());
                throw unavailable();
            }
            List<Email> list = json.readValue(response.body(), new TypeReference<List<Email>>() {
            });
            return list.stream().filter(e -> e != null && e.primary() && e.email() != null).findFirst();
        } catch (IOException e) {
            THROTTLED.warnf("github-unreadable", "GitHub's email list could not be read: %s", e.getMessage());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("GitHub did not say which email address is yours; try again shortly.",
                RETRY_AFTER);
    }
}
