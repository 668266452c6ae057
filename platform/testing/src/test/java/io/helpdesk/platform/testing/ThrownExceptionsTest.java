package io.helpdesk.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jdk.jfr.Recording;

/** What a service's threads make is read, each throwable once, wherever it is called from; other threads are not. */
class ThrownExceptionsTest {

    @Test
    void anExceptionMadeOnAServiceThreadIsReadWithWhereItWasMade() throws Exception {
        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            on("executor-thread-1", () -> caught(new IllegalStateException("on the worker")));
            on("test-client", () -> caught(new IllegalStateException("on the client")));

            List<String> read = thrown.onServiceThreads();

            assertEquals(1, read.size(), read.toString());
            assertTrue(read.get(0).startsWith("java.lang.IllegalStateException: on the worker at "
                    + ThrownExceptionsTest.class.getName() + ".lambda$"), read.get(0));
        }
    }

    @Test
    void anErrorIsReadOnce() throws Exception {
        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            on("vert.x-eventloop-thread-0", () -> caught(new AssertionError("an error")));

            List<String> read = thrown.onServiceThreads();

            assertEquals(1, read.size(), read.toString());
            assertTrue(read.get(0).startsWith("java.lang.AssertionError: an error"), read.get(0));
        }
    }

    /** Regression: a dump holds every open recording's events; another's, on a service thread, failed the read. */
    @Test
    void anotherRecordingOpenMeanwhileIsNotRead() throws Exception {
        try (Recording other = new Recording()) {
            other.enable("jdk.ThreadSleep").withThreshold(Duration.ZERO);
            other.start();
            try (ThrownExceptions thrown = ThrownExceptions.record()) {
                on("executor-thread-2", () -> {
                    sleep();
                    caught(new IllegalStateException("beside a profile"));
                });

                List<String> read = thrown.onServiceThreads();

                assertEquals(1, read.size(), read.toString());
                assertTrue(read.get(0).startsWith("java.lang.IllegalStateException: beside a profile"), read.get(0));
            }
        }
    }

    /**
     * Regression: a client's connections closed when its garbage was collected reached the service's event loop
     * as Netty's closed-channel exception, and failed whichever test recorded at that moment.
     */
    @Test
    void aConnectionItsPeerClosesIsNotRead() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AtomicReference<CountDownLatch> closed = new AtomicReference<>(new CountDownLatch(1));
            HttpServer server = vertx.createHttpServer()
                    .connectionHandler(connection -> connection.closeHandler(nothing -> closed.get().countDown()))
                    .requestHandler(request -> request.response().end("ok"))
                    .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            askAndClose(server.actualPort(), closed.get()); // what a first connection does once (classes initialised)
            closed.set(new CountDownLatch(1));
            try (ThrownExceptions thrown = ThrownExceptions.record()) {
                askAndClose(server.actualPort(), closed.get());
                on("vert.x-eventloop-thread-9", () -> caught(new IllegalStateException("after the close")));

                List<String> read = thrown.onServiceThreads();

                assertEquals(1, read.size(), read.toString());
                assertTrue(read.get(0).startsWith("java.lang.IllegalStateException: after the close"), read.get(0));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** One request on a connection of its own, which the client then closes; returns once the server saw it closed. */
    private static void askAndClose(int port, CountDownLatch closed) throws Exception {
        try (Socket client = new Socket("localhost", port)) {
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(new String(client.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
        }
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the server saw the connection closed");
    }

    /** The JDK's linkage frames above it do not hide an exception the code made. */
    @Test
    void anExceptionMadeUnderAMethodHandleIsRead() throws Throwable {
        MethodHandle make = MethodHandles.lookup().findStatic(ThrownExceptionsTest.class, "make",
                MethodType.methodType(void.class));
        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            on("vert.x-worker-thread-3", () -> {
                try {
                    make.invokeExact();
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });

            List<String> read = thrown.onServiceThreads();

            assertEquals(1, read.size(), read.toString());
            assertTrue(read.get(0).startsWith("java.lang.IllegalArgumentException: through a handle at "
                    + ThrownExceptionsTest.class.getName() + ".make < java.lang.invoke."), read.get(0));
        }
    }

    private static void make() {
        caught(new IllegalArgumentException("through a handle"));
    }

    private static void caught(Throwable made) {
        assertTrue(made.getMessage() != null);
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void on(String name, Runnable work) throws InterruptedException {
        Thread thread = new Thread(work, name);
        thread.start();
        thread.join();
    }
}
