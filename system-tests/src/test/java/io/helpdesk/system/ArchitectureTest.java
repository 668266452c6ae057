package io.helpdesk.system;

import static com.tngtech.archunit.core.domain.JavaFieldAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import io.helpdesk.platform.security.Roles;

/**
 * The rules the codebase keeps, as tests over every module's compiled production classes (run after
 * the modules are built): one way to turn a token into a caller, no service reaching into another,
 * a platform that knows no service, test servers out of shipped code, constructor injection, no
 * package cycles, one package root, events only through platform/events, lists paged by cursor, no
 * stored array that grows without a bound, no scheduled run once the service stops, and warnings
 * and errors that cannot flood the log.
 */
class ArchitectureTest {

    private static final String SCHEDULED = "io.quarkus.scheduler.Scheduled";
    private static final List<String> SERVICES = List.of("io.helpdesk.auth", "io.helpdesk.ticket",
            "io.helpdesk.analytics", "io.helpdesk.notification", "io.helpdesk.chat");
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPaths(Stream.of(
            "auth-service", "ticket-service", "analytics-service", "notification-service", "chat-service",
            "platform/contracts", "platform/web", "platform/events", "platform/people", "platform/security",
            "platform/storage")
            .map(module -> ServiceConfig.ROOT.resolve(module).resolve("target/classes"))
            .filter(Files::isDirectory)
            .toArray(Path[]::new));

    @Test
    void onlyPlatformSecurityTurnsATokenIntoACaller() {
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.security..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.eclipse.microprofile.jwt.JsonWebToken")
                .because("resources take the caller from CurrentCaller, made once from the verified token")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.security..")
                .should().callMethod(Roles.class, "highest", Set.class)
                .because("the role is decided in one place, Caller")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.security..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.smallrye.jwt.auth.principal.JWTParser")
                .because("tokens are parsed by TokenVerifier, with the revocation check")
                .check(PRODUCTION);
    }

    @Test
    void noServiceUsesAnotherServicesCode() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage(service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream()
                            .filter(other -> !other.equals(service)).map(other -> other + "..").toArray(String[]::new))
                    .check(PRODUCTION);
        }
    }

    @Test
    void thePlatformKnowsNoService() {
        noClasses().that().resideInAnyPackage("io.helpdesk.platform.security..", "io.helpdesk.platform..", "io.helpdesk.platform.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().map(s -> s + "..").toArray(String[]::new))
                .check(PRODUCTION);
    }

    @Test
    void testServersStayOutOfShippedCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.helpdesk.platform.testing..",
                "de.bwaldvogel..", "redis.embedded..", "com.icegreen.greenmail..", "org.gaul.s3proxy..")
                .because("platform/testing and the servers it runs are for tests and the devstack only")
                .check(PRODUCTION);
    }

    @Test
    void everyClassLivesUnderOneOfTheRoots() {
        classes().should().resideInAnyPackage(Stream.concat(SERVICES.stream(), Stream.of("io.helpdesk.platform"))
                .map(root -> root + "..").toArray(String[]::new))
                .check(PRODUCTION);
    }

    @Test
    void noPackageCyclesInsideAServiceOrThePlatform() {
        for (String root : Stream.concat(SERVICES.stream(), Stream.of("io.helpdesk.platform")).toList()) {
            slices().matching(root + ".(*)..").should().beFreeOfCycles().check(PRODUCTION);
        }
    }

    @Test
    void eventsGoThroughPlatformEvents() {
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.events..")
                .should().accessFieldWhere(target(name("outbox")).and(target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(
                                        "io.helpdesk.platform.events.Outboxed")))))
                .because("a service writes a document and its events in one call, Outbox.save/insert/saveIf")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.events..")
                .should().callMethodWhere(DescribedPredicate.describe("update or persistOrUpdate of whole documents"
                        + " in a repository of outboxed documents", call -> Set.of("update", "persistOrUpdate")
                                .contains(call.getName()) && storesOutboxed(call.getTargetOwner())
                                && !partial(call.getTarget().getRawParameterTypes())))
                .because("a whole-document write through Outbox.save/saveIf keeps the stored outbox; a plain one"
                        + " writes back the outbox as read, and published events with it")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.events..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.helpdesk.platform.events.OutboxRelay")
                .because("one sweeper publishes every outbox; no service keeps its own")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.events..")
                .should().callConstructorWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                name("io.helpdesk.platform.events.StreamConsumer"))))
                .because("consumers are Subscriptions; Subscriptions polls them all")
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackage("io.helpdesk.platform.events..")
                .should().callMethod("io.helpdesk.platform.events.EventEnvelope", "payload")
                .because("a consumer reads its stream's typed record (Received.payload()), never the raw map")
                .check(PRODUCTION);
    }

    /** Panache's update of some fields (a query string or an update document), which leaves the outbox be. */
    private static boolean partial(List<JavaClass> parameters) {
        return !parameters.isEmpty() && Set.of("java.lang.String", "org.bson.Document")
                .contains(parameters.get(0).getName());
    }

    /** Whether a Panache repository's entity extends Outboxed. */
    private static boolean storesOutboxed(JavaClass repository) {
        return repository.getInterfaces().stream()
                .filter(JavaParameterizedType.class::isInstance).map(JavaParameterizedType.class::cast)
                .filter(type -> type.toErasure().isAssignableTo("io.quarkus.mongodb.panache.PanacheMongoRepositoryBase"))
                .anyMatch(type -> type.getActualTypeArguments().get(0).toErasure()
                        .isAssignableTo("io.helpdesk.platform.events.Outboxed"));
    }

    @Test
    void repositoriesOnlyStore() {
        String repository = "io.quarkus.mongodb.panache.PanacheMongoRepositoryBase";
        classes().that().areAssignableTo(repository)
                .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaClass>(
                        "use no other repository") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaClass c,
                            com.tngtech.archunit.lang.ConditionEvents events) {
                        for (var dependency : c.getDirectDependenciesFromSelf()) {
                            var target = dependency.getTargetClass();
                            if (!target.equals(c) && target.isAssignableTo(repository)
                                    && target.getPackageName().startsWith("io.helpdesk")) {
                                events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(dependency,
                                        dependency.getDescription()));
                            }
                        }
                    }
                })
                .because("a repository stores its own collection; services combine repositories")
                .check(PRODUCTION);
        noClasses().that().areAssignableTo(repository)
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.redis.datasource.RedisDataSource")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.helpdesk.platform.events.Outbox")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.scheduler.Scheduled")
                .because("repositories only store: rules, schedules, events and other stores belong to services")
                .check(PRODUCTION);
    }

    /**
     * An array in a stored document that gains an element per request grows without end, and with it the
     * cost of every write of the document, until MongoDB's 16 MiB limit refuses it (sessions once kept
     * every retired refresh hash so). Each method that appends to a stored array through {@code Updates},
     * and what bounds the array; a new one must say its bound here, or store its elements as documents of
     * their own. (An update written as a raw document or a Panache update string, or a method reference
     * such as {@code Updates::push}, is not seen; overloads share a name.)
     */
    private static final Map<String, String> BOUNDED_ARRAYS = Map.of(
            "io.helpdesk.platform.events.Outbox.append", "events wait in `outbox` until the relay pulls them",
            "io.helpdesk.platform.events.OutboxRelay.failed",
            "each of the document's events at most once, after its last try, until an operator replays it",
            "io.helpdesk.analytics.facts.FactRepository.restorePending", "`pendingRollup` is drained by the next roll-up",
            "io.helpdesk.ticket.migration.ConversationMigration.run",
            "one entry per conversation the one-off migration could not move, in its progress document",
            "io.helpdesk.auth.user.UserRepository.link", "an identity is linked once per provider account");

    @Test
    void storedArraysGrowOnlyWhereSomethingBoundsThem() {
        DescribedPredicate<com.tngtech.archunit.core.domain.JavaCall<?>> appends = DescribedPredicate.describe(
                "an update appending to an array", call -> call.getTargetOwner().getName()
                        .equals("com.mongodb.client.model.Updates")
                        && Set.of("push", "pushEach", "addToSet", "addEachToSet").contains(call.getName()));
        for (String listed : BOUNDED_ARRAYS.keySet()) {
            assertTrue(PRODUCTION.stream().flatMap(c -> c.getMethodCallsFromSelf().stream())
                    .anyMatch(call -> appends.test(call) && listed.equals(method(call))),
                    listed + " is listed in BOUNDED_ARRAYS but appends to no array (or its module was not built)");
        }
        noClasses().should().callMethodWhere(DescribedPredicate.describe(
                        "an update appending to an array, from a method not listed in BOUNDED_ARRAYS",
                        call -> appends.test(call) && !BOUNDED_ARRAYS.containsKey(method(call))))
                .because("an array that gains an element per request grows without end; store the elements as"
                        + " documents of their own, or state the array's bound in BOUNDED_ARRAYS")
                .check(PRODUCTION);
    }

    /**
     * The calling method, as {@code class.method}, lambdas counted as the method they are written in
     * ({@code lambda$new$0} is in a constructor, {@code <init>}; {@code lambda$static$0} in {@code <clinit>}).
     */
    private static String method(com.tngtech.archunit.core.domain.JavaCall<?> call) {
        String name = call.getOrigin().getName();
        if (name.startsWith("lambda$")) {
            name = name.substring("lambda$".length(), name.indexOf('$', "lambda$".length()));
            name = Map.of("new", "<init>", "static", "<clinit>").getOrDefault(name, name);
        }
        return call.getOriginOwner().getName() + "." + name;
    }

    /**
     * Scheduled work ends with the service: once it begins to stop, no scheduled method starts again
     * ({@code Scheduled.ApplicationNotRunning}), so none runs against clients the stop has closed and counts
     * their failure against its items (see {@code platform/web} {@code jobs.Attempts#stopping}).
     */
    @Test
    void scheduledWorkStopsWithTheService() {
        methods().that().areAnnotatedWith(SCHEDULED)
                .should(new ArchCondition<JavaMethod>("skip its runs once the service stops") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        Object skip = method.getAnnotationOfType(SCHEDULED).get("skipExecutionIf").orElse(null);
                        if (!(skip instanceof JavaClass predicate)
                                || !predicate.getName().equals(SCHEDULED + "$ApplicationNotRunning")) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " has no skipExecutionIf = Scheduled.ApplicationNotRunning.class"));
                        }
                    }
                })
                .check(PRODUCTION);
    }

    @Test
    void dependenciesComeThroughConstructors() {
        noFields().should().beAnnotatedWith(jakarta.inject.Inject.class).check(PRODUCTION);
    }

    /**
     * Lists page by cursor ({@code platform/web} {@code paging.Keyset}): an offset (skip) costs a scan of
     * every row before the page and shifts under inserts, so no shipped code pages a MongoDB query by one.
     */
    @Test
    void listsPageByCursorNeverByOffset() {
        noClasses().should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("skip|page|range"))
                .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching(
                                        "com\\.mongodb\\..*(FindIterable|FindPublisher|MongoIterable|model\\.Aggregates)"
                                                + "|io\\.quarkus\\.mongodb\\.panache\\..*(PanacheQuery|ReactivePanacheQuery)")))))
                .because("lists page by cursor (Keyset), not by offset")
                .check(PRODUCTION);
    }

    /**
     * Every resource runs on a worker thread, with its whole body already read: platform/web's
     * {@code http.RequestBodies} reads each body on the event loop before any resource, and Quarkus REST
     * gives a blocking resource that body. A resource that ran on the event loop (one returning a Uni, a
     * Multi or a CompletionStage, or marked {@code @NonBlocking}) would read its body itself, find the
     * request ended, and get an empty one.
     */
    @Test
    void resourcesRunOnWorkerThreadsWithTheirBodyRead() {
        Set<String> eventLoopTypes = Set.of("io.smallrye.mutiny.Uni", "io.smallrye.mutiny.Multi",
                "java.util.concurrent.CompletionStage", "java.util.concurrent.CompletableFuture");
        String nonBlocking = "io.smallrye.common.annotation.NonBlocking";
        methods().that().areMetaAnnotatedWith("jakarta.ws.rs.HttpMethod")
                .should(new ArchCondition<JavaMethod>("run on a worker thread") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        if (eventLoopTypes.contains(method.getRawReturnType().getName())
                                || method.isAnnotatedWith(nonBlocking) || method.getOwner().isAnnotatedWith(nonBlocking)) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " would run on the event loop, where its body is not read for it"));
                        }
                    }
                })
                .check(PRODUCTION);
    }

    /**
     * Warnings and errors go through platform/web's {@code logging.ThrottledLog}, which writes each kind
     * of line at most once a minute and counts the repeats: a line that comes once per request, message,
     * delivery or poll while a store or a peer is down cannot flood the log. The one exception is the
     * unexpected error of {@code ProblemExceptionMappers}, logged every time with its stack trace and the
     * reference its caller was given to quote.
     */
    @Test
    void warningsAndErrorsAreThrottled() {
        // Matched by type, so a subclass (JBoss LogManager's logger is a JUL one) is read as its loggers are.
        List<String> loggers = List.of("org.jboss.logging.BasicLogger", "io.quarkus.logging.Log", "java.util.logging.Logger",
                "org.slf4j.Logger", "java.lang.System$Logger", "org.apache.commons.logging.Log");
        classes().that().doNotHaveFullyQualifiedName("io.helpdesk.platform.logging.ThrottledLog")
                .should(new ArchCondition<JavaClass>("log warnings and errors through ThrottledLog") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        // Calls and method references (LOG::warn) alike.
                        Stream.<JavaCodeUnitAccess<?>>concat(c.getMethodCallsFromSelf().stream(),
                                c.getMethodReferencesFromSelf().stream()).forEach(access -> {
                                    boolean unexpectedError = access.getOrigin().getFullName().startsWith(
                                            "io.helpdesk.platform.web.problem.ProblemExceptionMappers.serverFailure(");
                                    if (loggers.stream().anyMatch(access.getTargetOwner()::isAssignableTo)
                                            && access.getName().matches(
                                                    "(warn|warning|error|fatal|severe)[fv]?|log[fvp]?|logrb|at(Warn|Error|Level)")
                                            && !(unexpectedError && access.getName().equals("errorf"))) {
                                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                                    }
                                });
                    }
                })
                .check(PRODUCTION);
    }
}
