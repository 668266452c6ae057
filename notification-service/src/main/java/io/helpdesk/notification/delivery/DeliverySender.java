package io.helpdesk.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.helpdesk.notification.config.NotificationConfig;
import io.helpdesk.notification.directory.Recipient;
import io.helpdesk.notification.directory.RecipientDirectory;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.notification.mail.MailComposer;
import io.helpdesk.notification.preference.Preferences;
import io.helpdesk.notification.preference.UnsubscribeLinks;
import io.helpdesk.notification.whatsapp.WhatsAppChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.helpdesk.platform.events.TraceContext;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * Works through due deliveries: each is leased by one replica, checked against preferences and the
 * recipient's rate limit, sent, and marked SENT; a failure is retried with exponential backoff and
 * jitter until the last attempt marks it DEAD.
 */
// @Startup: its counters exist from the start, not from the first delivery.
@Startup
@ApplicationScoped
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(DeliverySender.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** The outcomes counted in {@code helpdesk_notifications_total}. */
    static final List<String> OUTCOMES = List.of("sent", "failed", "retried", "dead", "skipped", "suppressed");

    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final RecipientDirectory directory;
    private final Preferences preferences;
    private final UnsubscribeLinks unsubscribeLinks;
    private final MailComposer composer;
    private final Mailer mailer;
    private final WhatsAppChannel whatsapp;
    private final ValueCommands<String, Long> counters;
    private final KeyCommands<String> keys;
    private final MeterRegistry metrics;
    private final NotificationConfig config;
    private final Tracer tracer;
    private final TraceContext traces;
    private final Attempts attempts;

    public DeliverySender(DeliveryRepository deliveries, RecipientRepository recipients, RecipientDirectory directory,
            Preferences preferences,
            UnsubscribeLinks unsubscribeLinks, MailComposer composer, Mailer mailer, WhatsAppChannel whatsapp, RedisDataSource redis, MeterRegistry metrics,
            NotificationConfig config, Tracer tracer, TraceContext traces, Attempts attempts) {
        this.tracer = tracer;
        this.attempts = attempts;
        this.traces = traces;
        this.deliveries = deliveries;
        this.recipients = recipients;
        this.directory = directory;
        this.preferences = preferences;
        this.unsubscribeLinks = unsubscribeLinks;
        this.composer = composer;
        this.mailer = mailer;
        this.whatsapp = whatsapp;
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.metrics = metrics;
        this.config = config;
        // Every outcome of every mail template at 0 from the start (WhatsApp's too when it is on), so a
        // rate of failed or dead deliveries has a series to rise from.
        for (String template : MailComposer.TEMPLATES) {
            for (String outcome : OUTCOMES) {
                counter(outcome, Delivery.Channel.EMAIL, template);
                if (config.whatsapp().enabled()) {
                    counter(outcome, Delivery.Channel.WHATSAPP, template);
                }
            }
        }
    }

    @Scheduled(every = "${notifications.send-every:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sendDue() {
        sendDueNow();
    }

    /** Sends every delivery that is due; returns how many were attempted. */
    public int sendDueNow() {
        int attempted = 0;
        Optional<Delivery> next;
        while (!attempts.stopping() && (next = deliveries.claimDue(Instant.now(), Instant.now().plus(LEASE))).isPresent()) {
            attemptInItsTrace(next.get());
            attempted++;
        }
        return attempted;
    }

    /** Sends in the trace of the request that caused the event, so one trace ends with the mail. */
    private void attemptInItsTrace(Delivery delivery) {
        Span span = tracer.spanBuilder("deliver " + delivery.template).setParent(traces.restore(delivery.traceparent))
                .setAttribute("helpdesk.delivery.id", delivery.id)
                .setAttribute("helpdesk.delivery.channel", delivery.channel.name())
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            attempt(delivery);
        } finally {
            span.end();
        }
    }

    void attempt(Delivery delivery) {
        Recipient recipient = recipients.findByIdOptional(delivery.userId).orElse(null);
        try {
            if (!delivery.security && !preferences.wants(delivery.userId)) {
                finish(delivery, Delivery.Status.SKIPPED, "opted out of ticket mail");
                return;
            }
            String address = delivery.channel == Delivery.Channel.EMAIL
                    ? (delivery.to != null ? delivery.to : recipient == null ? null : recipient.email)
                    : recipient == null ? null : recipient.phone;
            if (address == null) {
                if (delivery.channel == Delivery.Channel.WHATSAPP && recipient != null) {
                    finish(delivery, Delivery.Status.SKIPPED, "no phone number");
                    return;
                }
                throw new IllegalStateException("No address known yet for user " + delivery.userId);
            }
            if (delivery.attempts == 0 && overLimit(delivery, address)) {
                THROTTLED.warnf("over-hourly-limit", "Delivery %s (%s) is over its recipient's hourly limit; not sent",
                        delivery.id, delivery.template);
                finish(delivery, Delivery.Status.SUPPRESSED, "over the hourly limit for this recipient");
                return;
            }
            String locale = recipient == null ? "en" : recipient.locale;
            String name = recipient == null ? null : recipient.name;
            String unsubscribe = delivery.security ? null : unsubscribeLinks.unsubscribeUrl(delivery.userId);
            // Names are looked up as the mail is written, so a person the address book learnt of after the
            // event is named too.
            MailComposer.Composed composed = composer.compose(delivery.template, directory.withNames(delivery.values),
                    name, locale, unsubscribe);
            if (delivery.channel == Delivery.Channel.WHATSAPP) {
                whatsapp.send(address, composed.shortText());
            } else {
                Mail mail = Mail.withHtml(address, composed.subject(), composed.html()).setText(composed.text());
                if (unsubscribe != null) {
                    mail.addHeader("List-Unsubscribe", "<" + unsubscribe + ">");
                    mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                }
                for (var attachment : delivery.attachments) {
                    mail.addAttachment(attachment.filename(), Base64.getDecoder().decode(attachment.base64()),
                            attachment.contentType());
                }
                mailer.send(mail);
            }
            delivery.attempts++;
            delivery.sentAt = Instant.now();
            finish(delivery, Delivery.Status.SENT, null);
        } catch (RuntimeException e) {
            failed(delivery, e);
        }
    }

    private void failed(Delivery delivery, RuntimeException e) {
        if (attempts.stopping()) {
            release(delivery, e);
            return;
        }
        delivery.attempts++;
        delivery.lastError = e.getMessage() == null ? e.toString() : e.getMessage();
        count("failed", delivery);
        if (delivery.attempts >= config.retry().maxAttempts()) {
            delivery.status = Delivery.Status.DEAD;
            delivery.leaseUntil = null;
            deliveries.update(delivery);
            count("dead", delivery);
            THROTTLED.errorf("delivery-dead",
                    "Delivery %s is DEAD after %d attempts: %s", delivery.id, delivery.attempts, delivery.lastError);
            return;
        }
        delivery.status = Delivery.Status.RETRYING;
        delivery.nextAttemptAt = Instant.now().plus(backoff(delivery.attempts));
        delivery.leaseUntil = null;
        deliveries.update(delivery);
        count("retried", delivery);
        THROTTLED.warnf("delivery-retried",
                "Delivery %s failed (attempt %d), next at %s: %s", delivery.id, delivery.attempts,
                delivery.nextAttemptAt, delivery.lastError);
    }

    /**
     * The service's stop, not the delivery's: back in the queue at once, its attempts uncounted, for
     * another replica or the next start. If the store is closed already, its lease runs out instead.
     */
    private void release(Delivery delivery, RuntimeException cause) {
        LOG.infof("Delivery %s left for later, the service is stopping: %s", delivery.id, cause.toString());
        delivery.status = Delivery.Status.RETRYING;
        delivery.nextAttemptAt = Instant.now();
        delivery.leaseUntil = null;
        try {
            deliveries.update(delivery);
        } catch (RuntimeException closed) {
            LOG.debugf("Delivery %s keeps its lease until it runs out: %s", delivery.id, closed.toString());
        }
    }

    private void finish(Delivery delivery, Delivery.Status status, String reason) {
        delivery.status = status;
        delivery.leaseUntil = null;
        if (reason != null) {
            delivery.lastError = reason;
        }
        deliveries.update(delivery);
        count(status.name().toLowerCase(java.util.Locale.ROOT), delivery);
    }

    /** Exponential with full jitter: a random wait up to initial × 2^(attempts-1), capped. */
    Duration backoff(int attempts) {
        long cap = Math.min(config.retry().maxBackoff().toMillis(),
                config.retry().initialBackoff().toMillis() * (1L << Math.min(20, attempts - 1)));
        long floor = config.retry().initialBackoff().toMillis() / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(Math.max(1, cap - floor + 1)));
    }

    private boolean overLimit(Delivery delivery, String address) {
        boolean code = "reset-otp".equals(delivery.template);
        String key = "notify:rate:" + (code ? "code" : "mail") + ":" + delivery.channel + ":" + address.toLowerCase();
        long sent = counters.incr(key);
        if (sent == 1) {
            keys.expire(key, Duration.ofHours(1));
        }
        return sent > (code ? config.rate().otpPerHour() : config.rate().perHour());
    }

    private void count(String outcome, Delivery delivery) {
        counter(outcome, delivery.channel, delivery.template).increment();
    }

    private Counter counter(String outcome, Delivery.Channel channel, String template) {
        return Counter.builder("helpdesk.notifications")
                .tags("outcome", outcome, "channel", channel.name(), "template", String.valueOf(template))
                .description("Delivery attempts by outcome (sent, failed, retried, dead, skipped, suppressed), channel and template")
                .register(metrics);
    }
}
