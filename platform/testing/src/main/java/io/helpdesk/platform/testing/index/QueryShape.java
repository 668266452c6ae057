package io.helpdesk.platform.testing.index;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an index must do for one query: the fields it matches by equality (an {@code $in} of a few
 * values counts: MongoDB scans each point and merges them in sort order), the sort (field to 1 or
 * -1, in order), and the fields it bounds by a range. A query that also filters on other fields is
 * still served: those are checked on the rows the index yields.
 *
 * @param name        for the failure message, e.g. {@code agent status=OPEN sort=-createdAt}
 * @param equality    fields matched by equality
 * @param sort        the sort keys in order, each 1 or -1
 * @param range       fields bounded by a range
 * @param text        whether the query is a {@code $text} search (served by the collection's text index)
 */
public record QueryShape(String name, Set<String> equality, Map<String, Integer> sort, Set<String> range, boolean text) {

    public QueryShape {
        equality = Set.copyOf(equality);
        sort = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sort));
        range = Set.copyOf(range);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds a shape a filter at a time, as a query builder adds its clauses. */
    public static final class Builder {
        private final String name;
        private final Set<String> equality = new LinkedHashSet<>();
        private final Map<String, Integer> sort = new LinkedHashMap<>();
        private final Set<String> range = new LinkedHashSet<>();
        private boolean text;

        private Builder(String name) {
            this.name = name;
        }

        public Builder equality(String... fields) {
            equality.addAll(List.of(fields));
            return this;
        }

        public Builder range(String... fields) {
            range.addAll(List.of(fields));
            return this;
        }

        public Builder text() {
            text = true;
            return this;
        }

        /** Sort keys as {@code "-createdAt", "-_id"}: a leading '-' for descending. */
        public Builder sort(String... keys) {
            for (String key : keys) {
                boolean descending = key.startsWith("-");
                sort.put(descending ? key.substring(1) : key, descending ? -1 : 1);
            }
            return this;
        }

        public QueryShape build() {
            return new QueryShape(name, equality, sort, range, text);
        }
    }
}
