package io.helpdesk.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * One representative request per service, sent while a dependency is down; what each answered is
 * kept for the battery's report ({@code target/fault-battery.md}).
 */
final class Probes {

    /** What one request got: the status, or 0 when nothing answered. */
    record Answer(String condition, String service, String request, int status, String contentType, String retryAfter) {

        /** A 2xx, or a 503 problem that tells the caller to come back: never a 500 or another 5xx. */
        boolean acceptable() {
            return status == 0 || status < 500
                    || status == 503 && contentType != null && contentType.startsWith("application/problem+json");
        }

        String shown() {
            return status == 0 ? "no answer" : status + (status == 503 ? " problem" : "")
                    + (retryAfter == null ? "" : ", Retry-After " + retryAfter);
        }
    }

    record Probe(String service, String request, Function<RequestSpecification, Response> send) {
    }

    private static final RestAssuredConfig QUICK = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 3000).setParam("http.socket.timeout", 15000));
    private static final List<Answer> RECORDED = new ArrayList<>();

    private final List<Probe> probes;

    private Probes(List<Probe> probes) {
        this.probes = probes;
    }

    /** Reads and writes on every service, with the tokens of a customer, an agent and an admin. */
    static Probes everyService(SystemStack stack, String customer, String agent, String admin) {
        return new Probes(List.of(
                new Probe(SystemStack.AUTH, "POST /v1/user/login", spec -> spec.contentType("application/json")
                        .body(Map.of("email", "agent@helpdesk.local", "password", "agent-dev-password"))
                        .post(stack.url(SystemStack.AUTH) + "/v1/user/login")),
                new Probe(SystemStack.AUTH, "GET /v1/user", spec -> spec.auth().oauth2(customer)
                        .get(stack.url(SystemStack.AUTH) + "/v1/user")),
                new Probe(SystemStack.TICKET, "POST /v1/ticket", spec -> spec.auth().oauth2(customer)
                        .contentType("application/json")
                        .body(Map.of("subject", "Probe", "description", "Sent while a dependency is down", "priority", "LOW"))
                        .post(stack.url(SystemStack.TICKET) + "/v1/ticket")),
                new Probe(SystemStack.TICKET, "GET /v1/ticket", spec -> spec.auth().oauth2(agent)
                        .get(stack.url(SystemStack.TICKET) + "/v1/ticket")),
                new Probe(SystemStack.ANALYTICS, "GET /v1/analytics/overview", spec -> spec.auth().oauth2(admin)
                        .get(stack.url(SystemStack.ANALYTICS) + "/v1/analytics/overview")),
                new Probe(SystemStack.NOTIFICATION, "GET /v1/notifications/preferences", spec -> spec.auth().oauth2(customer)
                        .get(stack.url(SystemStack.NOTIFICATION) + "/v1/notifications/preferences")),
                new Probe(SystemStack.CHAT, "GET /v1/chat/rooms/team:agents/messages", spec -> spec.auth().oauth2(agent)
                        .get(stack.url(SystemStack.CHAT) + "/v1/chat/rooms/team:agents/messages"))));
    }

    /** Sends every probe once, records and returns the answers. */
    List<Answer> send(String condition) {
        List<Answer> answers = new ArrayList<>();
        for (Probe probe : probes) {
            Answer answer;
            try {
                Response response = probe.send().apply(given().config(QUICK));
                answer = new Answer(condition, probe.service(), probe.request(), response.statusCode(),
                        response.contentType(), response.header("Retry-After"));
            } catch (Exception e) { // refused or timed out: nothing answered
                answer = new Answer(condition, probe.service(), probe.request(), 0, null, null);
            }
            answers.add(answer);
        }
        synchronized (RECORDED) {
            RECORDED.addAll(answers);
        }
        return answers;
    }

    /** Writes what every service answered under every condition, as a Markdown table. */
    static void writeReport(Path file) {
        Map<String, Map<String, String>> table = new TreeMap<>();
        List<String> conditions = new ArrayList<>();
        synchronized (RECORDED) {
            for (Answer answer : RECORDED) {
                if (!conditions.contains(answer.condition())) {
                    conditions.add(answer.condition());
                }
                table.computeIfAbsent(answer.service() + " `" + answer.request() + "`", k -> new TreeMap<>())
                        .merge(answer.condition(), answer.shown(), (a, b) -> a.contains(b) ? a : a + "; " + b);
            }
        }
        StringBuilder md = new StringBuilder("| request | ").append(String.join(" | ", conditions)).append(" |\n|---|");
        conditions.forEach(c -> md.append("---|"));
        md.append('\n');
        table.forEach((request, answers) -> {
            md.append("| ").append(request).append(" | ");
            conditions.forEach(c -> md.append(answers.getOrDefault(c, "")).append(" | "));
            md.append('\n');
        });
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(md);
    }
}
