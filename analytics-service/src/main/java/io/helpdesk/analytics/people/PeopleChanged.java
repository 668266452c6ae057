package io.helpdesk.analytics.people;

/**
 * Fired (as a synchronous CDI event) after a round of {@code events.users} that applied someone: the
 * names in cached reports may have changed. The report cache observes it, so this package never
 * depends on the reports.
 */
public record PeopleChanged() {
}
