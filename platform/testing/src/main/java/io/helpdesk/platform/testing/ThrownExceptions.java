package io.helpdesk.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The exceptions and errors constructed on a service's own threads while this is open, for a test that runs in
 * the service's JVM (a {@code @QuarkusTest}), read with the JDK's flight recorder: every {@code Throwable} made,
 * thrown and caught alike, each once ({@code jdk.JavaExceptionThrow} for exceptions, {@code jdk.JavaErrorThrow} for
 * errors, which JDK 17 records twice among the former). An exception on a path
 * the service takes all day (every request, every round of a scheduled job) costs it the stack trace each time,
 * and is a failure the code decided to ignore; a test opens this around work that should make none. The
 * service's threads are Vert.x's event loops and workers and Quarkus's executor (requests and scheduled jobs);
 * the test's own thread (the HTTP client) and the store clients' threads are not read.
 */
public final class ThrownExceptions implements AutoCloseable {

    private static final List<String> SERVICE_THREADS = List.of("vert.x-eventloop-thread-", "vert.x-worker-thread-",
            "executor-thread-");

    private static final String EXCEPTION = "jdk.JavaExceptionThrow";
    private static final String ERROR = "jdk.JavaErrorThrow";

    private final Recording recording = new Recording();
    private List<String> thrown;

    private ThrownExceptions() {
        recording.enable(EXCEPTION).withStackTrace();
        recording.enable(ERROR).withStackTrace();
        recording.setToDisk(true);
        recording.start();
    }

    /** Starts recording. */
    public static ThrownExceptions record() {
        return new ThrownExceptions();
    }

    /**
     * Stops recording (the first call) and describes each throwable made on a service thread meanwhile: its class,
     * message and the frames where it was made.
     */
    public List<String> onServiceThreads() {
        if (thrown == null) {
            thrown = read();
        }
        return thrown;
    }

    private List<String> read() {
        try {
            Path file = Files.createTempFile("thrown", ".jfr");
            try {
                recording.stop();
                recording.dump(file);
                // A dump holds what every recording open in the JVM meanwhile recorded (a profile the JVM was started
                // with, say): only the two event types this one asked for are read.
                List<RecordedEvent> made = RecordingFile.readAllEvents(file).stream()
                        .filter(event -> List.of(EXCEPTION, ERROR).contains(event.getEventType().getName()))
                        .filter(ThrownExceptions::onServiceThread)
                        .filter(event -> !linkingMethodHandles(event))
                        .filter(event -> !closedByItsPeer(event))
                        .toList();
                Set<String> errors = made.stream().filter(ThrownExceptions::error).map(ThrownExceptions::thrownClass)
                        .collect(Collectors.toSet());
                return made.stream()
                        .filter(event -> error(event) || !errors.contains(thrownClass(event)))
                        .map(ThrownExceptions::describe)
                        .toList();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean error(RecordedEvent event) {
        return event.getEventType().getName().equals(ERROR);
    }

    private static String thrownClass(RecordedEvent event) {
        return event.getClass("thrownClass").getName();
    }

    private static boolean onServiceThread(RecordedEvent event) {
        String thread = event.getThread() == null ? "" : event.getThread().getJavaName();
        return thread != null && SERVICE_THREADS.stream().anyMatch(thread::startsWith);
    }

    /**
     * The JDK's own errors while it links a method handle or lambda form (a pre-generated form looked up, not
     * found, and spun instead): made once per shape, whatever code first needs it, and caught by the JDK. Told by
     * the frame that made them, not by any frame above it: an exception of the project's made under a lambda is
     * still read.
     */
    private static boolean linkingMethodHandles(RecordedEvent event) {
        return madeAt(event).findFirst()
                .map(frame -> frame.getMethod().getType().getName().startsWith("java.lang.invoke."))
                .orElse(false);
    }

    /**
     * Netty's sign that a peer closed its connection (end of stream read on the event loop): stackless, and the
     * peer's doing, not the service's. A client that leaves its connections to the garbage collector (RestAssured,
     * a connection per call) closes them whenever a collection runs, so they land in any window, however quiet.
     */
    private static boolean closedByItsPeer(RecordedEvent event) {
        return thrownClass(event).endsWith("ClosedChannelException")
                && madeAt(event).limit(4).anyMatch(frame -> frame.getMethod().getName().equals("closeOnRead")
                        && frame.getMethod().getType().getName().startsWith("io.netty.channel."));
    }

    /** The frames below the throwable's constructors, innermost first: where it was made. */
    private static Stream<RecordedFrame> madeAt(RecordedEvent event) {
        return event.getStackTrace() == null ? Stream.empty() : event.getStackTrace().getFrames().stream()
                .filter(RecordedFrame::isJavaFrame)
                .dropWhile(frame -> frame.getMethod().getName().equals("<init>"));
    }

    private static String describe(RecordedEvent event) {
        String where = madeAt(event)
                .map(frame -> frame.getMethod().getType().getName() + "." + frame.getMethod().getName())
                .limit(8)
                .collect(Collectors.joining(" < "));
        return thrownClass(event) + ": " + event.getString("message") + " at " + where;
    }

    /**
     * Runs a garbage collection and its finalisers, and gives what they close a moment to reach the other end: for a
     * test whose window should hold one, as any window may.
     */
    public static void collectGarbage() {
        System.gc();
        System.runFinalization();
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        recording.close();
    }
}
