package dev.sluice.peer.reactornetty;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether {@code node} runs here: the node-seed tests assume it. */
final class NodeJs {

    private NodeJs() {
    }

    static boolean installed() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(5, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
