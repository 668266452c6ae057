package io.helpdesk.platform.testing.index;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

class IndexCoverageTest {

    private static final IndexModel QUEUE = new IndexModel(
            Indexes.compoundIndex(Indexes.ascending("deleted", "assigneeId"), Indexes.descending("createdAt", "_id")),
            new IndexOptions().name("queue"));
    private static final IndexModel TEXT = new IndexModel(Indexes.compoundIndex(Indexes.text("subject"), Indexes.text("body")),
            new IndexOptions().name("text"));

    private static boolean served(QueryShape shape, IndexModel... indexes) {
        return IndexCoverage.servedBy(shape, List.of(indexes)).isPresent();
    }

    @Test
    void equalityThenSortInEitherDirectionIsServed() {
        assertTrue(served(QueryShape.named("queue").equality("deleted", "assigneeId").sort("-createdAt", "-_id").build(), QUEUE));
        assertTrue(served(QueryShape.named("reversed").equality("assigneeId", "deleted").sort("createdAt", "_id").build(), QUEUE));
        // Some of the equality fields as the prefix; the rest is checked on the rows.
        assertTrue(served(QueryShape.named("subset").equality("deleted", "assigneeId", "status").sort("-createdAt", "-_id").build(),
                QUEUE));
        // A range on the sort field.
        assertTrue(served(QueryShape.named("range on sort").equality("deleted", "assigneeId").range("createdAt")
                .sort("-createdAt", "-_id").build(), QUEUE));
    }

    @Test
    void aSortTheIndexCannotYieldInOrderIsNotServed() {
        assertFalse(served(QueryShape.named("mixed").equality("deleted", "assigneeId").sort("-createdAt", "_id").build(), QUEUE));
        // An index field between the equality prefix and the sort that the query does not fix.
        assertFalse(served(QueryShape.named("gap").equality("deleted").sort("-createdAt", "-_id").build(), QUEUE));
        assertFalse(served(QueryShape.named("other field").equality("deleted").sort("-updatedAt", "-_id").build(), QUEUE));
        assertFalse(served(QueryShape.named("no tie-breaker in index").equality("deleted").sort("-createdAt", "-_id").build(),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("deleted"), Indexes.descending("createdAt")))));
        // No equality field leads the index.
        assertFalse(served(QueryShape.named("prefix").equality("customerId").sort("-createdAt", "-_id").build(), QUEUE));
    }

    @Test
    void aRangeMustComeAfterTheSort() {
        IndexModel rangeFirst = new IndexModel(Indexes.compoundIndex(Indexes.ascending("deleted", "createdAt"),
                Indexes.descending("updatedAt", "_id")));
        IndexModel rangeLast = new IndexModel(Indexes.compoundIndex(Indexes.ascending("deleted"),
                Indexes.descending("updatedAt", "_id", "createdAt")));
        QueryShape shape = QueryShape.named("updated, created from").equality("deleted").range("createdAt")
                .sort("-updatedAt", "-_id").build();
        assertFalse(served(shape, rangeFirst));
        assertTrue(served(shape, rangeLast));
    }

    @Test
    void aTextSearchIsServedByTheTextIndexOnly() {
        assertTrue(served(QueryShape.named("search").equality("deleted").text().sort("-createdAt", "-_id").build(), QUEUE, TEXT));
        assertFalse(served(QueryShape.named("search").equality("deleted").text().sort("-createdAt", "-_id").build(), QUEUE));
        assertFalse(served(QueryShape.named("not a search").equality("deleted").sort("-createdAt", "-_id").build(), TEXT));
    }

    @Test
    void theFailureNamesEveryUnservedShape() {
        AssertionError failure = assertThrows(AssertionError.class, () -> IndexCoverage.assertServed(List.of(
                QueryShape.named("served").equality("deleted", "assigneeId").sort("-createdAt", "-_id").build(),
                QueryShape.named("first unserved").equality("tags").sort("-createdAt", "-_id").build(),
                QueryShape.named("second unserved").equality("deleted").sort("priorityRank", "_id").build()), List.of(QUEUE)));
        assertTrue(failure.getMessage().startsWith("2 of 3 query shapes"), failure.getMessage());
        assertTrue(failure.getMessage().contains("first unserved") && failure.getMessage().contains("second unserved"));
        assertFalse(failure.getMessage().contains("\n  served "));
    }
}
