package io.faultline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds TCP ports that are free on the loopback interface right now.
 *
 * <p>A port found here is only free at the moment of the call: another process may take it
 * before the caller binds it. Prefer letting a server bind port 0 itself where the server
 * supports it.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a TCP port that no socket listens on at the moment of the call.
     *
     * @return a free port number
     * @throws UncheckedIOException if no port could be opened
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free TCP port", e);
        }
    }

    /**
     * Returns a free TCP port different from every port in {@code exclude}.
     *
     * @param exclude ports that must not be returned
     * @return a free port number
     */
    public static int findExcluding(int... exclude) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = find();
            boolean clash = false;
            for (int excluded : exclude) {
                if (excluded == port) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                return port;
            }
        }
        throw new IllegalStateException("Could not find a free TCP port outside the excluded ones");
    }
}
