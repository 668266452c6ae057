package io.helpdesk.auth.avatar;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The image decoders, registered by hand at start: a native executable finds no ImageIO plug-ins
 * through the service loader, and naming them here makes the JVM and native builds use the same
 * ones. PNG is the JDK's own reader; JPEG is TwelveMonkeys' (it reads CMYK, odd sampling and
 * damaged markers the JDK's refuses, and delegates to it otherwise); WebP only exists there.
 */
@ApplicationScoped
public class ImageIoPlugins {

    private final JPEGImageReaderSpi jpeg = new JPEGImageReaderSpi();
    private final WebPImageReaderSpi webp = new WebPImageReaderSpi();

    void register(@Observes StartupEvent started) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        // Registration also lets the JPEG reader find the JDK's, which it delegates to.
        registry.registerServiceProvider(jpeg);
        registry.registerServiceProvider(webp);
        if (registry.getServiceProviderByClass(JPEGImageReaderSpi.class) != jpeg) {
            // It withdraws itself when the JDK's reader is missing; every JPEG would then look broken.
            throw new IllegalStateException("The JPEG reader found no JDK JPEG reader to delegate to");
        }
        // Decoding reads the uploaded file itself: no cache files, which a read-only container has no room for.
        ImageIO.setUseCache(false);
    }

    void deregister(@Observes ShutdownEvent stopped) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registry.deregisterServiceProvider(jpeg);
        registry.deregisterServiceProvider(webp);
    }

    /** A new reader for the format, to be disposed of by the caller. */
    public ImageReader reader(ImageFormat format) {
        try {
            return switch (format) {
                case JPEG -> jpeg.createReaderInstance();
                case WEBP -> webp.createReaderInstance();
                case PNG -> ImageIO.getImageReadersByFormatName("png").next();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
