package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.EntityTypes;
import io.github.bertner.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Clients that fall silent, on a server with a 1 s request timeout (so a connection may stay silent 6 s): one silent
 * inside its body is answered 408; one silent inside its headers has begun no request, and is disconnected without an
 * answer, as docs/serve.md says.
 */
class SilentClientsTest {

    @Test
    void aClientSilentInItsBodyGets408AndOneSilentInItsHeadersIsDisconnected() throws Exception {
        ServeSettings settings = new ServeSettings(
                "127.0.0.1",
                0,
                16,
                Duration.ofSeconds(1),
                1 << 20,
                32,
                Duration.ofMillis(2),
                Map.of(),
                EntityTypes.model());
        try (ServeFixture fixture = ServeFixture.start(
                settings, List.of(ServeFixture.source("danish", TestModels.MINI)), ServeFixture::open)) {
            URI uri = fixture.server.uri();
            CompletableFuture<String> inBody = CompletableFuture.supplyAsync(() -> silentAfter(
                    uri,
                    "POST /v1/models/danish/entities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"te"));
            CompletableFuture<String> inHeaders = CompletableFuture.supplyAsync(
                    () -> silentAfter(uri, "POST /v1/models/danish/entities HTTP/1.1\r\nHost: x\r\nContent-Ty"));
            assertThat(inBody.get())
                    .startsWith("HTTP/1.1 408")
                    .contains("Content-Type: application/json", "{\"error\":");
            assertThat(inHeaders.get()).isEmpty();
        }
    }

    /** Sends the bytes, falls silent, and reads what comes until the server closes (20 s at most). */
    private static String silentAfter(URI server, String request) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // a reset after the answer: what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
