package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One devstack per data directory: an OS file lock that a crashed devstack cannot leave behind
 * (the lock dies with its process; the pid written beside it is only for the message).
 */
final class InstanceLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final Path pidFile;

    private InstanceLock(FileChannel channel, FileLock lock, Path pidFile) {
        this.channel = channel;
        this.lock = lock;
        this.pidFile = pidFile;
    }

    /** The lock, or a {@link AlreadyRunningException} that says who holds it. */
    static InstanceLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path lockFile = dataDir.resolve("devstack.lock");
        Path pidFile = dataDir.resolve("devstack.pid");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        }
        if (lock == null) {
            channel.close();
            String pid = Files.exists(pidFile) ? Files.readString(pidFile).trim() : "unknown";
            throw new AlreadyRunningException(dataDir, pid);
        }
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
        return new InstanceLock(channel, lock, pidFile);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(pidFile);
        lock.release();
        channel.close();
    }

    static final class AlreadyRunningException extends RuntimeException {
        AlreadyRunningException(Path dataDir, String pid) {
            super("Helpdesk devstack is already running for " + dataDir + " (pid " + pid + ").\n"
                    + "Stop it with Ctrl-C in its terminal (or: kill " + pid + "), or start this one with"
                    + " --data-dir and --port-offset to run a second stack beside it.");
        }
    }
}
