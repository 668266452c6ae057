package io.helpdesk.platform.web;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address of the client that sent a request: what per-address limits count and the audit log
 * records.
 *
 * <p>It is the request's remote address, never a header read here. Behind a reverse proxy Quarkus
 * replaces that address with the first {@code X-Forwarded-For} entry, but only when the connection
 * comes from a proxy named in {@code HTTP_TRUSTED_PROXIES} (see this module's
 * {@code microprofile-config.properties}); from anyone else the header is ignored and the address is
 * the connection's own.
 */
public final class ClientAddress {

    /** Recorded when the server knows no address for the connection (a Unix domain socket). */
    public static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        String address = ip(request.remoteAddress());
        if (address != null) {
            return address;
        }
        // A trusted proxy forwarded something that is not an address ("unknown", an obfuscated
        // identifier): count and record the proxy itself rather than the text it sent.
        HttpConnection connection = request.connection();
        address = connection == null ? null : ip(connection.remoteAddress());
        return address != null ? address : UNKNOWN;
    }

    private static String ip(SocketAddress address) {
        return address == null ? null : address.hostAddress();
    }
}
