package dev.sluice.bench.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetProbesTest {

    @Test
    void countsOnlyEstablishedSocketsWhoseLocalPortIsTheTargets() {
        EstablishedSockets sockets = EstablishedSockets.of("127.0.0.1", 8080);
        // Server side of a connection to :8080 (local port 1F90), established.
        assertTrue(sockets.matches("   1: 0100007F:1F90 0200007F:A1B2 01 00000000:00000000 00:00000000 00000000 0 0 1 1"));
        // The client's end of the same connection: remote port 8080, not counted.
        assertFalse(sockets.matches("   2: 0200007F:A1B2 0100007F:1F90 01 00000000:00000000 00:00000000 00000000 0 0 2 1"));
        // The listening socket (state 0A).
        assertFalse(sockets.matches("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 3 1"));
        // IPv6 form.
        assertTrue(sockets.matches("   3: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000200007F:C000 01 0"));
        // A bench client on 127.0.0.5 whose ephemeral port happens to be 8080, talking to another server.
        assertFalse(sockets.matches("   4: 0500007F:1F90 0100007F:2382 01 00000000:00000000 00:00000000 00000000 0 0 4 1"));
    }

    @Test
    void readsTheLocalAddressColumnOfSsLines() {
        EstablishedSockets sockets = EstablishedSockets.of("127.0.0.1", 8080);
        assertTrue(sockets.matchesSsLine("0      0      [::ffff:127.0.0.1]:8080 [::ffff:127.0.0.2]:42417"));
        assertTrue(sockets.matchesSsLine("0      0            127.0.0.1:8080      127.0.0.1:50000"));
        // A bench client on 127.0.0.5 whose ephemeral port happens to be 8080.
        assertFalse(sockets.matchesSsLine("0      0      [::ffff:127.0.0.5]:8080 [::ffff:127.0.0.1]:9090"));
        assertFalse(sockets.matchesSsLine("0      0      127.0.0.1:80800 127.0.0.1:1"));
        assertFalse(sockets.matchesSsLine(""));
    }

    @Test
    void countsTheConnectionsAServerHoldsAndNotItsListener() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            EstablishedSockets sockets = EstablishedSockets.of("127.0.0.1", server.getLocalPort());
            List<Socket> clients = new ArrayList<>();
            List<Socket> accepted = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(new Socket(server.getInetAddress(), server.getLocalPort()));
                    accepted.add(server.accept());
                }
                assertEquals(3, sockets.count());
                long viaSs = sockets.countWithSs();
                // -1 where ss is missing or not allowed to ask the kernel; then count() read the tables.
                assertTrue(viaSs == 3 || viaSs == -1, "ss counted " + viaSs);
                assertEquals(3, Math.max(0, sockets.countIn(Path.of("/proc/net/tcp")))
                        + Math.max(0, sockets.countIn(Path.of("/proc/net/tcp6"))));
            } finally {
                for (Socket socket : clients) {
                    socket.close();
                }
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void allocationIsTheSumOfGrowthBetweenCollections(@TempDir Path dir) throws Exception {
        Path log = Files.write(dir.resolve("gc.log"), List.of(
                "[0.017s][info][gc] Using G1",
                "[1.0s][info][gc] GC(0) Pause Full (Heap Inspection Initiated GC) 20M->4M(256M) 12.0ms",
                "[2.0s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 100M->6M(256M) 3.0ms",
                "[2.1s][info][gc] GC(2) Concurrent Mark Cycle",
                "[3.0s][info][gc] GC(3) Pause Full (Heap Inspection Initiated GC) 50M->5M(256M) 9.0ms",
                "[4.0s][info][gc] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 512K->256K(256M) 1.0ms"));
        GcLogAllocation allocation = new GcLogAllocation(log);
        assertEquals(4, allocation.collections());
        // (100 - 4) + (50 - 6) MB allocated between the two forced collections.
        assertEquals(140L << 20, allocation.allocatedBetween(0, 2));
        assertEquals(0, allocation.allocatedBetween(2, 3), "a heap that shrank between collections allocated nothing");
        assertEquals(-1, allocation.allocatedBetween(2, 2));
        assertEquals(-1, allocation.allocatedBetween(0, 9));
    }

    @Test
    void pausesAreCountedBetweenTheBenchsOwnHeapInspections(@TempDir Path dir) throws Exception {
        Path log = Files.write(dir.resolve("gc.log"), List.of(
                "[0.019s][info ][gc     ] Using Serial",
                "[1.6s][info ][gc     ] GC(0) Pause Full (Heap Inspection Initiated GC) 46M->5M(365M) 21.617ms",
                "[15.8s][info ][gc     ] GC(1) Pause Young (Allocation Failure) 106M->18M(365M) 36.296ms",
                "[18.1s][info ][gc     ] GC(2) Pause Young (Allocation Failure) 110M->19M(365M) 41.500ms",
                "[21.3s][info ][gc     ] GC(3) Pause Full (Heap Inspection Initiated GC) 56M->10M(365M) 141.878ms",
                "[21.6s][info ][gc     ] GC(4) Pause Full (Heap Inspection Initiated GC) 10M->10M(365M) 90.934ms",
                "[36.5s][info ][gc     ] GC(5) Pause Young (Allocation Failure) 111M->22M(365M) 45.826ms",
                "[36.9s][info ][gc     ] GC(6) Concurrent Mark Cycle 12.000ms",
                "[41.3s][info ][gc     ] GC(7) Pause Full (Heap Inspection Initiated GC) 51M->12M(365M) 174.087ms"));
        GcLogAllocation gc = new GcLogAllocation(log);
        assertEquals(4, gc.heapInspections());
        // First pass: between inspections 1 and 2, two young pauses; the probes' own full GCs are not counted.
        assertArrayEquals(new double[] {2, 41.5}, gc.pausesAfterInspection(1));
        assertArrayEquals(new double[] {0, 0}, gc.pausesAfterInspection(2), "nothing between two back-to-back probes");
        // Second pass: one young pause; a concurrent phase is not a pause.
        assertArrayEquals(new double[] {1, 45.826}, gc.pausesAfterInspection(3));
        assertArrayEquals(new double[] {0, 0}, gc.pausesAfterInspection(4), "nothing after the last probe");
    }

    @Test
    void liveHeapIsTheClassHistogramTotal() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         10000         640000  [B (java.base@17)
                   2:          5000         120000  java.lang.String (java.base@17)
                Total         15000         760000
                """;
        assertEquals(760_000, HeapProbe.parseTotal(histogram));
        assertEquals(-1, HeapProbe.parseTotal("no histogram"));
    }

    @Test
    void readsAnUnlabelledMetric() {
        String text = "# TYPE sluice_streams_open gauge\nsluice_streams_open 42.0\nsluice_streams_open_other 7\n";
        assertEquals(42.0, MetricsScrape.find(text, "sluice_streams_open"));
        assertTrue(Double.isNaN(MetricsScrape.find(text, "missing")));
    }

    @Test
    void readsAQuantileOfAClassicHistogramAsItsBucketsUpperBound() {
        String text = """
                # TYPE sluice_time_to_first_event_seconds histogram
                sluice_time_to_first_event_seconds_bucket{le="1.0E-4"} 90
                sluice_time_to_first_event_seconds_bucket{le="0.001"} 98
                sluice_time_to_first_event_seconds_bucket{le="0.01"} 100
                sluice_time_to_first_event_seconds_bucket{le="+Inf"} 100
                sluice_time_to_first_event_seconds_count 100
                """;
        assertEquals(1.0E-4, MetricsScrape.quantile(text, "sluice_time_to_first_event_seconds", 0.5));
        assertEquals(0.001, MetricsScrape.quantile(text, "sluice_time_to_first_event_seconds", 0.98));
        assertEquals(0.01, MetricsScrape.quantile(text, "sluice_time_to_first_event_seconds", 0.99));
        assertTrue(Double.isNaN(MetricsScrape.quantile(text, "missing", 0.99)));
        assertTrue(Double.isNaN(MetricsScrape.quantile(
                "sluice_time_to_first_event_seconds_bucket{le=\"+Inf\"} 0\n", "sluice_time_to_first_event_seconds", 0.99)),
                "no observation: no quantile");
    }

    @Test
    void sluiceGetsAGeneratedPlanAndPeersAStageCount() {
        assertEquals("s1:33:0,s2:66:0,s3:100:0", StagePlanFlags.sluicePlan(3, 0));
        assertEquals(List.of("--stage-delay-ms", "5"), StagePlanFlags.forTarget(TargetKind.SLUICE, 6, 5, null));
        assertEquals(List.of("--stage-delay-ms", "0", "--stages", "1000"),
                StagePlanFlags.forTarget(TargetKind.NODE_SEED, 1000, 0, null));
    }

    @Test
    void allocationIsReadToTheKilobyteFromHeapDumpsOfJdk17And25() {
        List<String> lines = List.of(
                "[0.5s][debug][gc,heap] GC(0) Heap before GC invocations=0 (full 0):",
                "[0.5s][debug][gc,heap] GC(0)  garbage-first heap   total 397312K, used 16308K [0x0, 0x1)",
                "[0.5s][debug][gc,heap] GC(0)  Metaspace       used 8994K, committed 9280K, reserved 1114112K",
                "[0.5s][debug][gc,heap] GC(0) Heap after GC invocations=1 (full 1):",
                "[0.5s][debug][gc,heap] GC(0)  garbage-first heap   total 40960K, used 7022K [0x0, 0x1)",
                "[0.5s][info ][gc     ] GC(0) Pause Full (System.gc()) 15M->6M(39M) 13.0ms",
                "[0.6s][debug][gc,heap] GC(1) Heap Before GC invocations=1 (full 1):",
                "[0.6s][debug][gc,heap] GC(1)  garbage-first heap   total reserved 6172672K, committed 393216K,"
                        + " used 7522K [0x0, 0x1)",
                "[0.6s][debug][gc,heap] GC(1) Heap After GC invocations=2 (full 1):",
                "[0.6s][debug][gc,heap] GC(1)  garbage-first heap   total reserved 6172672K, committed 393216K,"
                        + " used 4614K [0x0, 0x1)",
                "[0.6s][info ][gc     ] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 7M->4M(384M) 6.578ms");
        List<long[]> transitions = GcLogAllocation.parse(lines);
        assertEquals(2, transitions.size());
        assertEquals(16308L << 10, transitions.get(0)[0]);
        assertEquals(7022L << 10, transitions.get(0)[1]);
        // Allocated between the collections: 7522K - 7022K, not the summary's 7M - 6M.
        assertEquals(500L << 10, transitions.get(1)[0] - transitions.get(0)[1]);
    }

    @Test
    void affinityListsAreCountedAndValidated() {
        assertEquals(List.of("taskset", "-c", "0,2-3"), Affinity.prefix("0,2-3"));
        assertEquals(List.of(), Affinity.prefix(null));
        assertEquals(3, Affinity.count("0,2-3", 9));
        assertEquals(1, Affinity.count("1", 9));
        assertEquals(9, Affinity.count(null, 9));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Affinity.prefix("0;rm"));
    }

    @Test
    void serialCollectorsGenerationsAreSummed() {
        List<long[]> transitions = GcLogAllocation.parse(List.of(
                "[0.7s][debug][gc,heap] GC(0) Heap before GC invocations=0 (full 0):",
                "[0.7s][debug][gc,heap] GC(0)  def new generation   total 116160K, used 18594K [0x0, 0x1, 0x2)",
                "[0.7s][debug][gc,heap] GC(0)   eden space 103296K,  18% used [0x0, 0x1, 0x2)",
                "[0.7s][debug][gc,heap] GC(0)  tenured generation   total 258048K, used 100K [0x0, 0x1, 0x2)",
                "[0.7s][debug][gc,heap] GC(0)  Metaspace       used 8994K, committed 9280K, reserved 1114112K",
                "[0.7s][debug][gc,heap] GC(0) Heap after GC invocations=1 (full 1):",
                "[0.7s][debug][gc,heap] GC(0)  def new generation   total 116224K, used 0K [0x0, 0x1, 0x2)",
                "[0.7s][debug][gc,heap] GC(0)  tenured generation   total 258048K, used 3309K [0x0, 0x1, 0x2)"));
        assertEquals(1, transitions.size());
        assertEquals(18694L << 10, transitions.get(0)[0]);
        assertEquals(3309L << 10, transitions.get(0)[1]);
    }
}
