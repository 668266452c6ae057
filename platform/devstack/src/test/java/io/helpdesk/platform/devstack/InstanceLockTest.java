package io.helpdesk.platform.devstack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {

    @TempDir
    Path data;

    @Test
    void aSecondStackOnTheSameDataIsRefusedWithWhoHoldsIt() throws Exception {
        try (InstanceLock first = InstanceLock.acquire(data)) {
            InstanceLock.AlreadyRunningException refused = assertThrows(InstanceLock.AlreadyRunningException.class,
                    () -> InstanceLock.acquire(data));
            assertTrue(refused.getMessage().contains("already running"), refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
        }
        InstanceLock.acquire(data).close();
    }
}
