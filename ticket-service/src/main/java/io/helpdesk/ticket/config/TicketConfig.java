package io.helpdesk.ticket.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tickets")
public interface TicketConfig {

    /** The SLA targets per priority: time to resolution and time to the first response. */
    Sla sla();

    Attachments attachments();

    Import importing();

    Migration migration();

    Search search();

    /** Messages one conversation may hold. */
    @WithDefault("1000")
    int maxMessages();

    /** How the ticket list searches ({@code q}): see {@code TicketTextSearch}. */
    interface Search {
        /** auto: by words where the store has {@code $text}, else literally; text: by words or fail to start; literal. */
        @WithDefault("auto")
        SearchMode mode();
    }

    enum SearchMode {
        AUTO, TEXT, LITERAL
    }

    /**
     * Time to resolution per priority (the resolution due time, {@code slaDueAt}, is creation plus
     * this, pushed forward by the time the clock was paused).
     */
    interface Sla {
        @WithDefault("PT4H")
        Duration urgent();

        @WithDefault("PT8H")
        Duration high();

        @WithDefault("P1D")
        Duration normal();

        @WithDefault("P3D")
        Duration low();

        /** Time to the first public reply by an agent or admin, per priority ({@code firstResponseDueAt}). */
        FirstResponse firstResponse();

        /** How often to look for breaches (a scheduler interval such as 60s). */
        @WithDefault("60s")
        String checkEvery();
    }

    interface FirstResponse {
        @WithDefault("PT1H")
        Duration urgent();

        @WithDefault("PT4H")
        Duration high();

        @WithDefault("PT8H")
        Duration normal();

        @WithDefault("P1D")
        Duration low();
    }

    interface Attachments {
        /** Bytes per file. */
        @WithDefault("10485760")
        long maxSize();

        @WithDefault("image/png,image/jpeg,image/gif,application/pdf,text/plain,text/csv,application/zip")
        List<String> allowedTypes();
    }

    /** The move of the earlier version's GridFS files into the object store (GridFsMigration). */
    interface Migration {
        /**
         * How often the old buckets are looked into, the move going on when they hold anything (left at start,
         * failed while the store was down, or written by replicas of the earlier version); {@code off}: never.
         */
        @WithDefault("60s")
        String retryEvery();

        /**
         * How long the move may hold up the start; what remains is moved by the next checks, while the service
         * runs. Keep it well inside the startup probe's allowance.
         */
        @WithDefault("20s")
        Duration startupBudget();

        /**
         * For how long after the conversation move is done the tickets saved since the last check are looked
         * at again at every check, and any an earlier version's replica saved with its arrays (a rolling
         * update) moved: a rolling update takes minutes.
         */
        @WithDefault("PT24H")
        Duration watchFor();
    }

    interface Import {
        @WithDefault("20000")
        int maxRows();

        /** Bytes per uploaded CSV file. */
        @WithDefault("20971520")
        long maxSize();

        /** How long one replica may hold a job before another may take it over. */
        @WithDefault("PT10M")
        Duration lockTimeout();

        /** How often queued jobs are looked for (a scheduler interval such as 2s). */
        @WithDefault("2s")
        String pollEvery();
    }
}
