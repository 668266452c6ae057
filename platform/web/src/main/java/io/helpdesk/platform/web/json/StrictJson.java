package io.helpdesk.platform.web.json;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.helpdesk.platform.web.input.PlainText;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON is read strictly, so that odd input is a 400 at the edge instead of a failure deeper in:
 * <ul>
 * <li>an object that names a field twice is malformed, not "the last one wins": two parsers reading
 * the same body differently is a classic way past a check;</li>
 * <li>a {@code null} inside a list or set ({@code "tags": ["a", null]}) is refused: no code has to
 * expect one;</li>
 * <li>a string with a control character other than tab and line breaks (NUL included) or with half
 * a surrogate pair is refused: it would be stored, searched and mailed as it came.</li>
 * </ul>
 * The control-character rule holds for strings read into a declared type (a field, a list or map of
 * strings), not for values of no declared type ({@code Object}, the values of a {@code Map<String, Object>},
 * Vert.x's {@code JsonObject}): those are someone else's document read whole. Quarkus's Vert.x JSON codec
 * copies this mapper, and quarkus-oidc decodes a provider's ID token with it; a claim with a control
 * character there (a display name) would otherwise fail the sign-in. Code that keeps such a value makes it
 * plain itself.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    private static final String TRUSTED = StrictJson.class.getName() + ".trusted";

    /**
     * A reader for JSON the services wrote themselves (events): it skips the control-character rule,
     * so that text stored before that rule, or by a path that does not read JSON (a CSV import), still
     * reads back.
     */
    public static ObjectReader trusted(ObjectMapper mapper) {
        return mapper.reader().withAttribute(TRUSTED, Boolean.TRUE);
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (Class<?> type : List.of(List.class, Set.class, Collection.class, String[].class)) {
            mapper.configOverride(type).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        }
        mapper.registerModule(new SimpleModule("helpdesk-plain-text").addDeserializer(String.class, new PlainStrings())
                .addDeserializer(Object.class, new UntypedValues()));
    }

    /** Jackson's own reading of a value of no declared type, its strings left as they came. */
    static final class UntypedValues extends UntypedObjectDeserializer {

        UntypedValues() {
            super(null, (JavaType) null);
        }

        /** Jackson would look up the custom string deserializer here and use it for the strings inside. */
        @Override
        public void resolve(DeserializationContext context) {
        }
    }

    /** Jackson's own string reading, then the plain-text check. */
    static final class PlainStrings extends StdScalarDeserializer<String> {

        PlainStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && !Boolean.TRUE.equals(context.getAttribute(TRUSTED)) && !PlainText.isPlain(value, true)) {
                return (String) context.handleWeirdStringValue(String.class, value,
                        "must not contain control characters");
            }
            return value;
        }
    }
}
