package dev.sluice.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.config.TransportKind;
import io.netty.channel.uring.IoUring;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --transport io_uring}: the gateway serves a whole stage stream over a real socket on io_uring. */
class IoUringTransportTest {

    @Test
    void aStageStreamRunsOnIoUring() throws Exception {
        if (!IoUring.isAvailable() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("io_uring must load under CI: " + IoUring.unavailabilityCause());
        }
        assumeTrue(IoUring.isAvailable(), "SKIPPED LOUDLY: io_uring not available here: " + IoUring.unavailabilityCause());
        Map<ConfigOption, String> options = Map.of(ConfigOption.HOST, "127.0.0.1", ConfigOption.PORT, "0",
                ConfigOption.TRANSPORT, "io_uring", ConfigOption.ADMIN_PORT, "0", ConfigOption.ACCESS_LOG, "false",
                ConfigOption.STAGE_DELAY_MS, "5");
        assertEquals(TransportKind.IO_URING, GatewayConfig.of(options).transport());
        try (GatewayServer server = GatewayServer.start(GatewayConfig.of(options));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            assertEquals("io_uring", server.transportName());
            socket.setSoTimeout(10_000);
            String body = "{\"message\":\"uring\"}";
            socket.getOutputStream().write(("POST /api/chat/stream HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            String response = readUntil(socket.getInputStream(), "\r\n0\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.toLowerCase().contains("content-type: text/event-stream"), response);
            int last = -1;
            for (int id = 1; id <= 7; id++) {
                int at = response.indexOf(":" + id + "\nevent: "); // ids are <streamId>:<seq> (SPEC section 8)
                assertTrue(at > last, "event " + id + " in order: " + response);
                last = at;
            }
            assertTrue(response.indexOf("event: complete") > response.indexOf(":6\nevent: stage"), response);
        }
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!out.toString(StandardCharsets.UTF_8).contains(end)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
