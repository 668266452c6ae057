package io.helpdesk.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

import org.junit.jupiter.api.Test;

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

    private static void on(String name, Runnable work) throws InterruptedException {
        Thread thread = new Thread(work, name);
        thread.start();
        thread.join();
    }
}
