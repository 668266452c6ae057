package io.helpdesk.auth.avatar;

import java.util.Optional;

/** The image formats an avatar may be uploaded in, told apart by their first bytes alone. */
public enum ImageFormat {

    PNG, JPEG, WEBP;

    /** How many leading bytes {@link #sniff} needs. */
    public static final int SNIFF_LENGTH = 12;

    /**
     * The format the bytes start with: PNG's signature ({@code 89 50 4E 47 0D 0A 1A 0A}), a JPEG start
     * of image and marker ({@code FF D8 FF}), or a RIFF container of type {@code WEBP}. The declared
     * content type and the file name are never asked.
     */
    public static Optional<ImageFormat> sniff(byte[] head, int length) {
        if (length >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) {
            return Optional.of(PNG);
        }
        if (length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }
}
