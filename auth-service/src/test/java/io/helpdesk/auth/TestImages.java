package io.helpdesk.auth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

/** Small pictures made in the test, in the formats an upload may (or may not) be in. */
final class TestImages {

    /** A 1×1 lossy WebP (the JDK cannot write WebP). */
    static final byte[] WEBP = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

    private TestImages() {
    }

    /** The left half red, the right half black: which way up a picture was turned shows. */
    static BufferedImage halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        return image;
    }

    static byte[] png(int width, int height) {
        return write(halves(width, height), "png");
    }

    static byte[] jpeg(int width, int height) {
        return write(halves(width, height), "jpeg");
    }

    static byte[] gif(int width, int height) {
        return write(halves(width, height), "gif");
    }

    /** A one-bit PNG of a strip: a few hundred bytes on disk, far more pixels on a side than an avatar. */
    static byte[] strip(int width, int height) {
        return write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY), "png");
    }

    /**
     * A JPEG with an EXIF block (its orientation tag, 6: turn 90° clockwise to show) and a comment, as
     * a camera writes them; none of it may reach the stored avatar.
     */
    static byte[] jpegWithExif(int width, int height, int orientation, String comment) {
        byte[] jpeg = jpeg(width, height);
        try {
            ByteArrayOutputStream tiff = new ByteArrayOutputStream();
            DataOutputStream t = new DataOutputStream(tiff);
            t.writeBytes("MM");
            t.writeShort(42);
            t.writeInt(8);
            t.writeShort(1);
            t.writeShort(0x0112);
            t.writeShort(3);
            t.writeInt(1);
            t.writeShort(orientation);
            t.writeShort(0);
            t.writeInt(0);
            byte[] exif = tiff.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(out);
            o.write(jpeg, 0, 2);
            o.writeShort(0xFFE1);
            o.writeShort(2 + 6 + exif.length);
            o.writeBytes("Exif");
            o.writeShort(0);
            o.write(exif);
            o.writeShort(0xFFFE);
            o.writeShort(2 + comment.length());
            o.writeBytes(comment);
            o.write(jpeg, 2, jpeg.length - 2);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage read(byte[] image) {
        try {
            return ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chunk types of a PNG, in order. */
    static List<String> pngChunks(byte[] png) {
        List<String> chunks = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(png))) {
            in.skipNBytes(8);
            while (in.available() > 0) {
                int length = in.readInt();
                byte[] type = in.readNBytes(4);
                chunks.add(new String(type, java.nio.charset.StandardCharsets.US_ASCII));
                in.skipNBytes(length + 4L);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunks;
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
