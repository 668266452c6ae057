package io.helpdesk.notification;

import jakarta.inject.Singleton;

import org.bson.BsonValue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Counts the reads of the {@code recipients} collection the calling thread makes (the synchronous driver
 * tells its listeners on the thread that runs the command), for tests of how often the address book is read.
 */
@Singleton
public class RecipientReads implements CommandListener {

    private static final ThreadLocal<int[]> COUNT = ThreadLocal.withInitial(() -> new int[1]);

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonValue collection = event.getCommand().get("find");
        if (collection != null && collection.isString() && "recipients".equals(collection.asString().getValue())) {
            COUNT.get()[0]++;
        }
    }

    /** How many reads of the recipients this thread made while {@code work} ran. */
    static int during(Runnable work) {
        int before = COUNT.get()[0];
        work.run();
        return COUNT.get()[0] - before;
    }
}
