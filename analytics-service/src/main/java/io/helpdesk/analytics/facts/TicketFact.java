package io.helpdesk.analytics.facts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One ticket as the reports need it: its state and timestamps, and the figures derived from them
 * (response and resolution seconds, the creation day, ISO week and month), so every report is a
 * plain aggregation.
 */
@MongoEntity(collection = "ticket_facts")
public class TicketFact {

    @BsonId
    public String id;
    public String status;
    public String priority;
    public String category;
    public List<String> tags = new ArrayList<>();
    public String customerId;
    public String assigneeId;
    public Instant createdAt;
    /** {@code yyyy-MM-dd}, {@code YYYY-Www} (ISO week) and {@code yyyy-MM}, all UTC. */
    public String createdDay;
    public String createdWeek;
    public String createdMonth;
    public Instant firstResponseAt;
    public Instant resolvedAt;
    public Instant closedAt;
    public Long firstResponseSeconds;
    public Long resolutionSeconds;
    public Instant slaDueAt;
    public boolean slaBreached;
    public boolean open;
    public boolean resolved;
    public boolean deleted;
    /** The ticket's version this fact reflects; an event with a lower one changes nothing. */
    public long version;
}
