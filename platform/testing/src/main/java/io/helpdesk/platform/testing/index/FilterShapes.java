package io.helpdesk.platform.testing.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import com.mongodb.MongoClientSettings;

/**
 * The {@link QueryShape}s of a filter as a query builder really produced it, so a test reads the shapes
 * off the builder instead of restating them: a field compared with a value or an {@code $in} is an
 * equality, {@code $lt}/{@code $lte}/{@code $gt}/{@code $gte} and a case-sensitive regex anchored
 * at the start ({@code ^prefix}) are a range, and a comparison on a sort field (a keyset page's {@code at == last and _id < id}) is a
 * range too, since the sort part of the index serves it. {@code $ne}, {@code $nin}, {@code $exists},
 * {@code $size} and other regexes (unanchored, or case-insensitive) bound nothing: they are checked on the rows the index yields.
 * An equality on {@code _id} is a point lookup: the other fields of its shape are checked on that one row.
 * An {@code $elemMatch} contributes its fields as {@code field.sub}. An {@code $or} gives one shape per branch (MongoDB plans each branch on its own), each with the
 * fields outside the {@code $or}.
 */
public final class FilterShapes {

    private static final Set<String> RANGES = Set.of("$lt", "$lte", "$gt", "$gte");

    private FilterShapes() {
    }

    /** The shapes of {@code filter} sorted by {@code sort} (null: unsorted), each named {@code name}. */
    public static List<QueryShape> of(String name, Bson filter, Bson sort) {
        Map<String, Integer> order = new LinkedHashMap<>();
        if (sort != null) {
            for (Map.Entry<String, BsonValue> key : render(sort).entrySet()) {
                order.put(key.getKey(), (int) Math.signum(key.getValue().asNumber().doubleValue()));
            }
        }
        List<Parts> branches = new ArrayList<>();
        branches.add(new Parts());
        walk(render(filter), "", order, branches);
        List<QueryShape> shapes = new ArrayList<>();
        for (Parts parts : branches) {
            if (parts.equality.contains("_id")) {
                // One row at most: the _id index finds it, the rest is checked on it.
                parts.equality.retainAll(Set.of("_id"));
                parts.range.clear();
            }
            QueryShape.Builder shape = QueryShape.named(name);
            shape.equality(parts.equality.toArray(String[]::new)).range(parts.range.toArray(String[]::new));
            order.forEach((field, direction) -> shape.sort(direction < 0 ? "-" + field : field));
            if (parts.text) {
                shape.text();
            }
            shapes.add(shape.build());
        }
        return shapes;
    }

    private static final class Parts {
        final Set<String> equality = new LinkedHashSet<>();
        final Set<String> range = new LinkedHashSet<>();
        boolean text;

        Parts copy() {
            Parts copy = new Parts();
            copy.equality.addAll(equality);
            copy.range.addAll(range);
            copy.text = text;
            return copy;
        }
    }

    private static void walk(BsonDocument filter, String prefix, Map<String, Integer> order, List<Parts> branches) {
        for (Map.Entry<String, BsonValue> clause : filter.entrySet()) {
            String field = clause.getKey().startsWith("$") ? clause.getKey() : prefix + clause.getKey();
            BsonValue value = clause.getValue();
            switch (field) {
                case "$and" -> value.asArray().forEach(part -> walk(part.asDocument(), prefix, order, branches));
                case "$or" -> {
                    List<Parts> expanded = new ArrayList<>();
                    for (Parts outer : branches) {
                        for (BsonValue branch : value.asArray()) {
                            List<Parts> inner = new ArrayList<>(List.of(outer.copy()));
                            walk(branch.asDocument(), prefix, order, inner);
                            expanded.addAll(inner);
                        }
                    }
                    branches.clear();
                    branches.addAll(expanded);
                }
                case "$text" -> branches.forEach(parts -> parts.text = true);
                default -> {
                    if (field.startsWith("$")) {
                        throw new IllegalArgumentException("No shape for the operator " + field);
                    }
                    if (value.isDocument() && value.asDocument().containsKey("$elemMatch")) {
                        // The fields of one array element: as a multikey index on field.sub holds them.
                        walk(value.asDocument().getDocument("$elemMatch"), field + ".", order, branches);
                        continue;
                    }
                    Kind kind = kind(value);
                    for (Parts parts : branches) {
                        if (kind == Kind.RANGE || (kind == Kind.EQUALITY && order.containsKey(field))) {
                            parts.range.add(field);
                        } else if (kind == Kind.EQUALITY) {
                            parts.equality.add(field);
                        }
                    }
                }
            }
        }
    }

    private enum Kind {
        EQUALITY, RANGE, RESIDUAL
    }

    private static Kind kind(BsonValue value) {
        if (value.isRegularExpression()) {
            return prefix(value.asRegularExpression().getPattern(), value.asRegularExpression().getOptions());
        }
        if (!value.isDocument() || value.asDocument().isEmpty() || !value.asDocument().getFirstKey().startsWith("$")) {
            return Kind.EQUALITY;
        }
        BsonDocument operators = value.asDocument();
        if (operators.containsKey("$eq") || operators.containsKey("$in")) {
            return Kind.EQUALITY;
        }
        if (operators.keySet().stream().anyMatch(RANGES::contains)) {
            return Kind.RANGE;
        }
        if (operators.containsKey("$regex")) {
            BsonValue regex = operators.get("$regex");
            String options = operators.containsKey("$options") ? operators.getString("$options").getValue() : "";
            return regex.isString() ? prefix(regex.asString().getValue(), options)
                    : prefix(regex.asRegularExpression().getPattern(), regex.asRegularExpression().getOptions() + options);
        }
        return Kind.RESIDUAL;
    }

    /** Only a case-sensitive regex anchored at the start has index bounds (its literal prefix). */
    private static Kind prefix(String pattern, String options) {
        return pattern.startsWith("^") && !options.contains("i") ? Kind.RANGE : Kind.RESIDUAL;
    }

    private static BsonDocument render(Bson bson) {
        return bson.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }
}
