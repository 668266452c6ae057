package io.helpdesk.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.ThrownExceptions;
import io.helpdesk.ticket.TicketApi.Person;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The ticket routes a client calls all day make no exception on their way (an exception made on every request
 * costs it the stack trace of the whole request). Each is called a few times first, so what a first call does
 * once (a class loaded, a cache filled) is not counted.
 */
@QuarkusTest
class ExceptionFreeRequestsTest {

    private static final int CALLS = 3;

    @Test
    void openingReadingListingAndAnsweringTicketsMakeNoException() {
        Person customer = TicketApi.customer();
        Person agent = TicketApi.agent();
        work(customer, agent);

        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            work(customer, agent);
            ThrownExceptions.collectGarbage(); // as may come in any window

            assertEquals(List.of(), thrown.onServiceThreads());
        }
    }

    private static void work(Person customer, Person agent) {
        for (int i = 0; i < CALLS; i++) {
            String id = TicketApi.openId(customer, "Printer on fire " + i);
            customer.as().when().get("/v1/ticket/" + id).then().statusCode(200);
            customer.as().when().get("/v1/ticket").then().statusCode(200);
            agent.as().when().get("/v1/ticket?status=OPEN").then().statusCode(200);
            TicketApi.reply(agent, id, "Looking at it", false).then().statusCode(200);
            TicketApi.patch(agent, id, Map.of("status", "PENDING", "priority", "HIGH")).then().statusCode(200);
        }
    }
}
