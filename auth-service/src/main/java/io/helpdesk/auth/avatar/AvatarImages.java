package io.helpdesk.auth.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Turns an uploaded picture into the avatar's fixed sizes, or refuses it with a problem naming the
 * {@value #FIELD} field. In order: an empty file is 400; one over the size limit 413; one whose first
 * bytes are not PNG, JPEG or WebP 415, whatever its name and declared type; one whose header declares
 * more pixels, or a longer side, than the limits 413, before a single pixel is decoded; one that
 * cannot be decoded, or whose data ends early, 400. What is left is turned upright by its EXIF
 * orientation, cropped square about its centre and written as new PNGs of {@link #SIZES} pixels: no
 * byte of the upload and none of its metadata (EXIF, GPS position, comments) is kept.
 */
@ApplicationScoped
public class AvatarImages {

    /** The multipart field the picture comes in. */
    public static final String FIELD = "avatar";
    /** The square sizes every avatar is stored in, largest first; the first is the default. */
    public static final List<Integer> SIZES = List.of(256, 64);
    /** Large pictures are decoded at a fraction of their size, never smaller than this on their short side. */
    private static final int DECODE_AT_LEAST = 2 * SIZES.get(0);

    private final ImageIoPlugins plugins;
    private final AvatarConfig config;

    public AvatarImages(ImageIoPlugins plugins, AvatarConfig config) {
        this.plugins = plugins;
        this.config = config;
    }

    /** The avatar in each of {@link #SIZES}, as PNG bytes, from the uploaded file. */
    public Map<Integer, byte[]> render(Path upload) {
        long length = length(upload);
        if (length == 0) {
            throw refused(400, "The picture is empty.", "is empty");
        }
        long max = config.maxSize().asLongValue();
        if (length > max) {
            throw refused(413, "The picture is larger than the limit of " + max + " bytes.",
                    "is larger than " + max + " bytes");
        }
        ImageFormat format = sniff(upload);
        BufferedImage image = decode(upload, format);
        Map<Integer, byte[]> sizes = new LinkedHashMap<>();
        for (int size : SIZES) {
            sizes.put(size, png(image, size));
        }
        return sizes;
    }

    private static ImageFormat sniff(Path upload) {
        byte[] head = new byte[ImageFormat.SNIFF_LENGTH];
        int read;
        try (InputStream in = Files.newInputStream(upload)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ImageFormat.sniff(head, read).orElseThrow(() -> refused(415,
                "The picture must be a PNG, JPEG or WebP image; its content is none of these.",
                "is not a PNG, JPEG or WebP image"));
    }

    private BufferedImage decode(Path upload, ImageFormat format) {
        ImageReader reader = plugins.reader(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream in = new FileImageInputStream(upload.toFile())) {
            // Metadata is read only where the orientation lives; none of it is ever written out.
            reader.setInput(in, true, format != ImageFormat.JPEG);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);
            Orientation orientation = format == ImageFormat.JPEG ? orientation(reader) : null;
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.min(width, height) / DECODE_AT_LEAST);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (warnings.stream().anyMatch(AvatarImages::endsEarly)) {
                throw broken();
            }
            return orientation == null ? image : ExifFilterUtils.getFilterForOrientation(orientation).apply(image);
        } catch (ProblemException refused) {
            throw refused;
        } catch (IOException | RuntimeException undecodable) {
            // The decoders throw whatever their parsing met (IIOException, EOFException, index errors).
            throw broken();
        } finally {
            reader.dispose();
        }
    }

    private void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw broken();
        }
        if (Math.max(width, height) > config.maxSide() || (long) width * height > config.maxPixels()) {
            throw refused(413, "The picture is " + width + "×" + height + " pixels; at most " + config.maxSide()
                    + " on a side and " + config.maxPixels() + " pixels in all are accepted.",
                    "is " + width + "×" + height + " pixels, more than the limit");
        }
    }

    /** The EXIF orientation of a JPEG; a missing or unreadable one leaves the picture as stored. */
    private static Orientation orientation(ImageReader reader) {
        try {
            return ExifUtils.getExifOrientation(reader, 0);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The JPEG decoder fills a file cut short with grey and only warns: such a file is broken. */
    private static boolean endsEarly(String warning) {
        String text = warning.toLowerCase(Locale.ROOT);
        return text.contains("truncated") || text.contains("premature end");
    }

    private static byte[] png(BufferedImage image, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Thumbnails.of(image).size(size, size).crop(Positions.CENTER).outputFormat("png").toOutputStream(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long length(Path upload) {
        try {
            return Files.size(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException broken() {
        return refused(400, "The picture is damaged or incomplete and cannot be read.", "cannot be read as an image");
    }

    private static ProblemException refused(int status, String detail, String reason) {
        return new ProblemException(status, Problem.BLANK, null, detail, List.of(new Problem.FieldError(FIELD, reason)),
                null);
    }
}
