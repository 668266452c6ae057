package io.helpdesk.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A one-command Redis client over a fresh socket, for tests that check what a server holds
 * independently of the client the code under test uses. Simple-string, integer, error and bulk
 * replies; a nil bulk reply is null.
 */
public final class RespClient {

    private RespClient() {
    }

    public static String command(String host, int port, String... args) {
        try (Socket socket = new Socket(host, port)) {
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            return switch (line.charAt(0)) {
                case '+', ':' -> line.substring(1);
                case '-' -> throw new IllegalStateException("Redis answered " + line.substring(1));
                case '$' -> line.equals("$-1") ? null : in.readLine();
                default -> line;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
