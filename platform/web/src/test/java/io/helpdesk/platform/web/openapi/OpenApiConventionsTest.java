package io.helpdesk.platform.web.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.junit.jupiter.api.Test;

class OpenApiConventionsTest {

    @Test
    void aNullableReferenceToAPlainValueIsInlinedWithNullAllowed() {
        Components components = OASFactory.createComponents()
                .addSchema("Instant", OASFactory.createSchema().addType(SchemaType.STRING).format("date-time"))
                .addSchema("Status", OASFactory.createSchema().addType(SchemaType.STRING).enumeration(List.of("OPEN", "CLOSED")))
                .addSchema("Person", OASFactory.createSchema().addType(SchemaType.OBJECT)
                        .addProperty("name", OASFactory.createSchema().addType(SchemaType.STRING)))
                .addSchema("Ticket", OASFactory.createSchema().addType(SchemaType.OBJECT)
                        .addProperty("createdAt", ref("Instant"))
                        .addProperty("closedAt", ref("Instant").addType(SchemaType.NULL))
                        .addProperty("previous", ref("Status").addType(SchemaType.NULL))
                        .addProperty("assignee", ref("Person").addType(SchemaType.NULL)));

        OpenApiConventions.nullableReferences(components);

        var properties = components.getSchemas().get("Ticket").getProperties();
        assertEquals("#/components/schemas/Instant", properties.get("createdAt").getRef(), "a field that is never null keeps its reference");
        Schema closedAt = properties.get("closedAt");
        assertNull(closedAt.getRef());
        assertEquals(List.of(SchemaType.STRING, SchemaType.NULL), closedAt.getType());
        assertEquals("date-time", closedAt.getFormat());
        assertEquals(Arrays.asList("OPEN", "CLOSED", null), properties.get("previous").getEnumeration());
        assertTrue(properties.get("assignee").getRef() != null, "an object keeps its reference");
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }
}
