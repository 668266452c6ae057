package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PeopleResourceTest {

    @Test
    void agentsAndAdminsListTheActiveAgentsAndAdminsToAssignTo() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        TicketApi.Person agent = People.agent("Agnes " + tag);
        TicketApi.Person admin = People.admin("Adam " + tag);
        TicketApi.Person customer = People.customer("Carla " + tag);
        TicketApi.Person gone = People.agent("Gone " + tag);
        People.announce(EventType.USER_DISABLED, gone, "Gone " + tag, Roles.AGENT, "DISABLED", 2);
        TicketApi.Person invited = TicketApi.agent();
        People.announce(EventType.USER_REGISTERED, invited, "Invited " + tag, Roles.AGENT, "INVITED", 1);

        for (TicketApi.Person caller : List.of(agent, admin)) {
            caller.as().queryParam("q", tag).when().get("/v1/people").then().statusCode(200)
                    .body("id", contains(admin.id(), agent.id()))
                    .body("name", contains("Adam " + tag, "Agnes " + tag))
                    .body("[1].email", equalTo(People.email(agent)))
                    .body("[1].role", equalTo(Roles.AGENT))
                    .body("[1].avatarUrl", equalTo("https://img.example/" + agent.id() + ".png"));
        }
        agent.as().when().get("/v1/people").then().statusCode(200)
                .body("id", hasItems(agent.id(), admin.id()))
                .body("id", not(hasItem(customer.id()))).body("id", not(hasItem(gone.id())))
                .body("id", not(hasItem(invited.id())));
    }

    @Test
    void theFilterIsLiteralCaseInsensitiveTextInTheNameOrEmailOfBoundedLength() {
        TicketApi.Person agent = People.agent("Quentin Quill " + UUID.randomUUID());
        agent.as().queryParam("q", "QUENTIN quill").when().get("/v1/people").then().statusCode(200)
                .body("id", hasItem(agent.id()));
        agent.as().queryParam("q", agent.id().toUpperCase() + "@EXAMPLE").when().get("/v1/people").then().statusCode(200)
                .body("id", contains(agent.id()));
        agent.as().queryParam("q", ".*").when().get("/v1/people").then().statusCode(200).body("$", empty());
        agent.as().queryParam("q", "x".repeat(101)).when().get("/v1/people").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        agent.as().queryParam("q", "a\u0000b").when().get("/v1/people").then().statusCode(400)
                .body("errors[0].field", equalTo("q"));
    }

    @Test
    void aCustomersCardShowsWhoTheyAreAndTheirTicketsTheCallerMaySee() {
        TicketApi.Person carla = People.customer("Carla Card");
        TicketApi.Person agent = People.agent("Agatha Card");
        TicketApi.Person colleague = People.agent("Colin Card");
        String queued = TicketApi.openId(carla, "Queued for anyone");
        String theirs = TicketApi.openId(carla, "Assigned to the colleague");
        String closed = TicketApi.openId(carla, "Closed already");
        TicketApi.patch(colleague, theirs, Map.of("assigneeId", colleague.id())).then().statusCode(200);
        carla.as().when().patch("/v1/ticket/close-ticket/" + closed).then().statusCode(200);

        agent.as().when().get("/v1/people/" + carla.id()).then().statusCode(200)
                .body("id", equalTo(carla.id()))
                .body("name", equalTo("Carla Card"))
                .body("email", equalTo(People.email(carla)))
                .body("company", equalTo("Acme Carla Card"))
                .body("role", equalTo(Roles.CUSTOMER))
                .body("status", equalTo("ACTIVE"))
                .body("openTickets", equalTo(2))
                .body("tickets.id", contains(queued))
                .body("tickets[0].subject", equalTo("Queued for anyone"))
                .body("tickets[0].status", equalTo("OPEN"))
                .body("tickets[0].priority", equalTo("NORMAL"));
        TicketApi.admin().as().when().get("/v1/people/" + carla.id()).then().statusCode(200)
                .body("openTickets", equalTo(2)).body("tickets.id", contains(theirs, queued));
        colleague.as().when().get("/v1/people/" + colleague.id()).then().statusCode(200)
                .body("role", equalTo(Roles.AGENT)).body("openTickets", equalTo(1)).body("tickets.id", contains(theirs));
    }

    @Test
    void aCardListsTheTenMostRecentlyUpdatedOpenTickets() {
        TicketApi.Person carla = People.customer("Carla Many");
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            opened.add(TicketApi.openId(carla, "Ticket " + i));
        }
        TicketApi.reply(carla, opened.get(0), "bump", false).then().statusCode(200);
        TicketApi.admin().as().when().get("/v1/people/" + carla.id()).then().statusCode(200)
                .body("openTickets", equalTo(12))
                .body("tickets", hasSize(10))
                .body("tickets[0].id", equalTo(opened.get(0)))
                .body("tickets[1].id", equalTo(opened.get(11)))
                .body("tickets.id", not(hasItem(opened.get(1))));
    }

    @Test
    void anUnknownPersonIs404() {
        TicketApi.agent().as().when().get("/v1/people/nobody-" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void customersServicesAndCallersWithoutAValidTokenAreRefused() {
        TicketApi.Person agent = People.agent("Refused Reader");
        for (String path : List.of("/v1/people", "/v1/people/" + agent.id())) {
            TicketApi.customer().as().when().get(path).then().statusCode(403)
                    .contentType(startsWith("application/problem+json"));
            given().auth().oauth2(TestTokens.forUser("svc").role(Roles.SERVICE).sign()).when().get(path).then().statusCode(403);
            given().when().get(path).then().statusCode(401).contentType(startsWith("application/problem+json"));
            String jti = UUID.randomUUID().toString();
            String revoked = TestTokens.forUser(agent.id()).role(Roles.AGENT).jti(jti).sign();
            given().auth().oauth2(revoked).when().get(path).then().statusCode(200);
            RedisTestResource.revokeToken(jti);
            given().auth().oauth2(revoked).when().get(path).then().statusCode(401);
        }
    }
}
