package dev.sluice.bench.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Java launcher and its feature version (17, 21, 25), read from its home's {@code release} file. */
public record JavaRuntime(Path launcher, int featureVersion) {

    /** The runtime running the bench. */
    public static JavaRuntime current() {
        return new JavaRuntime(Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
    }

    /** The runtime whose launcher is {@code java} (a {@code bin/java} path or a Java home). */
    public static JavaRuntime of(Path java) {
        Path launcher = Files.isDirectory(java) ? java.resolve("bin/java") : java;
        if (!Files.isExecutable(launcher)) {
            throw new IllegalArgumentException("no Java launcher at " + java);
        }
        Path home = launcher.toAbsolutePath().getParent().getParent();
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring(line.indexOf('"') + 1);
                    String major = version.split("[.\"]")[0];
                    return new JavaRuntime(launcher, Integer.parseInt(major));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unknown layout: assume the bench's own version.
        }
        return new JavaRuntime(launcher, Runtime.version().feature());
    }

    /** {@code launcher} as a string, for commands. */
    public String command() {
        return launcher.toString();
    }
}
