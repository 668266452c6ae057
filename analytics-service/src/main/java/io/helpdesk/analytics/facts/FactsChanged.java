package io.helpdesk.analytics.facts;

/**
 * Fired (as a synchronous CDI event) when {@code ticket_facts} changed: by the stream consumer after
 * a round that changed a fact, and after every rebuild. Whatever is derived from the facts (the report
 * cache) observes it, so this package never depends on what is built on it.
 */
public record FactsChanged() {
}
