package io.helpdesk.platform.testing.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

class FilterShapesTest {

    @Test
    void equalityRangeAndResidualAreReadOffTheFilter() {
        List<QueryShape> shapes = FilterShapes.of("list", Filters.and(Filters.eq("userId", "u"),
                Filters.in("status", List.of("A", "B")), Filters.ne("deleted", true), Filters.gte("createdAt", 5),
                Filters.regex("email", "^ab\\.c"), Filters.regex("name", "^x", "i"), Filters.regex("text", "x")),
                Sorts.descending("updatedAt", "_id"));
        assertEquals(1, shapes.size());
        QueryShape shape = shapes.get(0);
        assertEquals(Set.of("userId", "status"), shape.equality());
        assertEquals(Set.of("createdAt", "email"), shape.range());
        assertEquals(Map.of("updatedAt", -1, "_id", -1), shape.sort());
    }

    @Test
    void anOrIsOneShapePerBranchAndAComparisonOnASortFieldIsARange() {
        List<QueryShape> shapes = FilterShapes.of("page", Filters.and(Filters.eq("userId", "u"), Filters.or(
                Filters.lt("at", 5), Filters.and(Filters.eq("at", 5), Filters.lt("_id", "x")), Filters.eq("at", null))),
                Sorts.descending("at", "_id"));
        assertEquals(3, shapes.size());
        for (QueryShape shape : shapes) {
            assertEquals(Set.of("userId"), shape.equality());
            assertTrue(shape.range().contains("at"));
        }
        assertEquals(Set.of("at", "_id"), shapes.get(1).range());
    }

    @Test
    void anElemMatchIsAnEqualityOnTheElementsFields() {
        QueryShape shape = FilterShapes.of("linked", Filters.elemMatch("identities",
                Filters.and(Filters.eq("provider", "github"), Filters.eq("subject", "1"))), null).get(0);
        assertEquals(Set.of("identities.provider", "identities.subject"), shape.equality());
    }

    @Test
    void anIdIsAPointLookup() {
        QueryShape shape = FilterShapes.of("by id", Filters.and(Filters.eq("_id", "k"), Filters.gt("expiresAt", 1),
                Filters.eq("hash", "h")), null).get(0);
        assertEquals(Set.of("_id"), shape.equality());
        assertTrue(shape.range().isEmpty());
    }

    @Test
    void aTextSearchIsMarked() {
        assertTrue(FilterShapes.of("search", Filters.text("printer"), null).get(0).text());
    }
}
