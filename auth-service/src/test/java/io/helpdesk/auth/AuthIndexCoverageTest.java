package io.helpdesk.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.audit.AuditRepository;
import io.helpdesk.auth.code.OtpRepository;
import io.helpdesk.auth.session.RetiredRefreshTokenRepository;
import io.helpdesk.auth.session.SessionRepository;
import io.helpdesk.auth.storage.AuthIndexes;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.index.FilterShapes;
import io.helpdesk.platform.testing.index.IndexCoverage;
import io.helpdesk.platform.testing.index.QueryShape;
import io.helpdesk.platform.web.paging.Keyset;

/**
 * Every query the auth-service runs is served by an index declared in {@link AuthIndexes}: the lists
 * with every combination of the filters their routes accept, on the first page and after a cursor, and
 * every lookup. The shapes are read off the filters the repositories build ({@link FilterShapes}).
 */
class AuthIndexCoverageTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void theAccountListWithEveryFilterAtAnyPageAndItsCount() {
        List<QueryShape> shapes = new ArrayList<>();
        String cursor = Keyset.encode(UserRepository.BY_EMAIL, new Keyset.Position("m@example.com", "u1"));
        for (String q : IndexCoverage.orNone(List.of("ada"))) {
            for (String role : IndexCoverage.orNone(List.of(Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN))) {
                for (String status : IndexCoverage.orNone(Arrays.stream(User.Status.values()).map(Enum::name).toList())) {
                    Bson filter = UserRepository.listFilter(q, role, status);
                    String name = "users q=" + q + " role=" + role + " status=" + status;
                    shapes.addAll(FilterShapes.of(name, filter, UserRepository.listSort()));
                    shapes.addAll(FilterShapes.of(name + " after a cursor", UserRepository.after(filter, cursor),
                            UserRepository.listSort()));
                    shapes.addAll(FilterShapes.of(name + " total", filter, null));
                }
            }
        }
        IndexCoverage.assertServed(shapes, IndexCoverage.withId(AuthIndexes.USERS));
    }

    @Test
    void theAccountLookups() {
        List<QueryShape> shapes = new ArrayList<>();
        shapes.addAll(FilterShapes.of("by email", Filters.eq("email", "a@example.com"), null));
        shapes.addAll(FilterShapes.of("by picture", Filters.eq("avatar.key", "k"), null));
        shapes.addAll(FilterShapes.of("by invitation", Filters.eq("invitation.tokenHash", "h"), null));
        shapes.addAll(FilterShapes.of("by linked identity", Filters.elemMatch("identities",
                Filters.and(Filters.eq("provider", "github"), Filters.eq("subject", "1"))), null));
        shapes.addAll(FilterShapes.of("announce, in id order", Filters.gt("_id", "u1"), Sorts.ascending("_id")));
        shapes.addAll(FilterShapes.of("a versioned write", Filters.and(Filters.eq("_id", "u1"), Filters.eq("version", 3)), null));
        IndexCoverage.assertServed(shapes, IndexCoverage.withId(AuthIndexes.USERS));
    }

    @Test
    void theAuditLogWithEveryFilterAtAnyPage() {
        List<QueryShape> shapes = new ArrayList<>();
        String cursor = Keyset.encode(AuditRepository.NEWEST_FIRST, new Keyset.Position(java.util.Date.from(NOW), "e1"));
        for (String type : IndexCoverage.orNone(Arrays.stream(AuditLog.Type.values()).map(Enum::name).toList())) {
            for (String userId : IndexCoverage.orNone(List.of("u1"))) {
                Bson filter = AuditRepository.filter(type, userId);
                String name = "audit type=" + type + " user=" + userId;
                shapes.addAll(FilterShapes.of(name, filter, AuditRepository.NEWEST_FIRST.sort()));
                shapes.addAll(FilterShapes.of(name + " after a cursor",
                        Keyset.page(filter, AuditRepository.NEWEST_FIRST, cursor), AuditRepository.NEWEST_FIRST.sort()));
            }
        }
        IndexCoverage.assertServed(shapes, IndexCoverage.withId(AuthIndexes.AUDIT));
    }

    @Test
    void sessionsAndCodes() {
        List<QueryShape> sessions = new ArrayList<>();
        sessions.addAll(FilterShapes.of("a user's live sessions", SessionRepository.live("u1", NOW), null));
        sessions.addAll(FilterShapes.of("expired sessions", SessionRepository.expired(NOW), null));
        sessions.addAll(FilterShapes.of("a refresh", Filters.and(Filters.eq("_id", "s1"), Filters.eq("refreshHash", "h"),
                Filters.eq("revokedAt", null)), null));
        IndexCoverage.assertServed(sessions, IndexCoverage.withId(AuthIndexes.SESSIONS));

        List<QueryShape> retired = new ArrayList<>();
        retired.addAll(FilterShapes.of("a retired refresh token", RetiredRefreshTokenRepository.of("s1", "h"), null));
        retired.addAll(FilterShapes.of("expired retired tokens", RetiredRefreshTokenRepository.expired(NOW), null));
        IndexCoverage.assertServed(retired, IndexCoverage.withId(AuthIndexes.RETIRED_REFRESH_TOKENS));

        List<QueryShape> codes = new ArrayList<>();
        codes.addAll(FilterShapes.of("a try of a code", OtpRepository.live("k", NOW, 5), null));
        codes.addAll(FilterShapes.of("expired codes", OtpRepository.expired(NOW), null));
        IndexCoverage.assertServed(codes, IndexCoverage.withId(AuthIndexes.OTPS));
    }
}
