package io.helpdesk.ticket.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * What an uploaded file is, told from its bytes (Apache Tika's MIME database: magic bytes, then a text
 * check), never from the type the client declares: a client can call anything {@code image/png}. The form
 * field of every upload is {@value #FIELD}, so the refusals name it.
 */
@ApplicationScoped
public class UploadTypes {

    /** The multipart field that carries the file, in every upload route. */
    public static final String FIELD = "file";

    /** Declared types that say nothing about the content: the detected type stands. */
    private static final Set<MediaType> UNSPECIFIC = Set.of(MediaType.OCTET_STREAM);

    private final MimeTypes types = MimeTypes.getDefaultMimeTypes();
    private final MediaTypeRegistry registry = types.getMediaTypeRegistry();

    /**
     * The file's type from its content alone: {@code image/png}, {@code application/pdf}, {@code text/plain}
     * for text Tika can tell no more of, {@code application/octet-stream} for bytes it does not know.
     */
    public MediaType detect(Path file) {
        try (InputStream in = TikaInputStream.get(file)) {
            return registry.normalize(types.detect(in, new Metadata()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The type to store and serve the file as. It is the detected type, or the nearest broader type of it
     * that is allowed (an Office document is a ZIP, HTML is plain text); for text, a narrower allowed text
     * type the client declared (CSV cannot be told from plain text by its bytes). 415 naming the field when
     * the content is of no allowed type, or contradicts the declared one (an image declared for a PDF); a
     * declared {@code application/octet-stream}, or none, leaves it to the content.
     */
    public String accept(Path file, String declaredType, Collection<String> allowedTypes) {
        MediaType detected = detect(file);
        Set<MediaType> allowed = allowedTypes.stream().map(UploadTypes::parse).filter(Objects::nonNull)
                .map(registry::normalize).collect(Collectors.toSet());
        List<MediaType> kinds = kinds(detected);
        MediaType kind = kinds.stream().filter(allowed::contains).findFirst()
                .orElseThrow(() -> refused("The file's content is " + detected + ", which is not accepted; allowed: "
                        + String.join(", ", allowedTypes) + ".", "is " + detected + ", not an accepted type"));
        MediaType declared = parse(declaredType);
        declared = declared == null ? null : registry.normalize(declared);
        if (declared == null || UNSPECIFIC.contains(declared) || kinds.contains(declared)) {
            return kind.toString();
        }
        if (registry.isSpecializationOf(declared, detected)) {
            return allowed.contains(declared) ? declared.toString() : kind.toString();
        }
        throw refused("The file is sent as " + declared + " but its content is " + detected + ".",
                "is " + detected + ", not the " + declared + " it is sent as");
    }

    /**
     * Whether the file is UTF-8 text: no NUL byte, no invalid UTF-8 sequence anywhere in it, and not a format
     * Tika recognises as something other than text (an image, a PDF, an archive, a program).
     */
    public boolean isUtf8Text(Path file) {
        MediaType detected = detect(file);
        if (!detected.equals(MediaType.OCTET_STREAM) && !kinds(detected).contains(MediaType.TEXT_PLAIN)) {
            return false;
        }
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            char[] buffer = new char[8192];
            for (int read; (read = reader.read(buffer)) != -1;) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == 0) {
                        return false;
                    }
                }
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A refusal of the upload: the status, what it says, and why the field {@value #FIELD} failed. */
    public static ProblemException refused(int status, String detail, String reason) {
        return new ProblemException(status, Problem.BLANK, null, detail, List.of(new Problem.FieldError(FIELD, reason)), null);
    }

    private static ProblemException refused(String detail, String reason) {
        return refused(415, detail, reason);
    }

    /** The type and the broader types it is a kind of, most specific first, without the catch-all octet-stream. */
    private List<MediaType> kinds(MediaType type) {
        List<MediaType> kinds = new ArrayList<>();
        for (MediaType t = type; t != null && !t.equals(MediaType.OCTET_STREAM); t = registry.getSupertype(t)) {
            kinds.add(t);
        }
        return kinds;
    }

    private static MediaType parse(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        MediaType parsed = MediaType.parse(type.strip().toLowerCase(Locale.ROOT));
        return parsed == null ? null : parsed.getBaseType();
    }
}
