package dev.hademo.user;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The stack's DynamoDB (moto through {@code stack/dynamodb/stack_moto_server.py}) on a free port, started
 * once per test JVM and stopped when the JVM exits. Plain moto is not atomic per request: two conditional
 * transactions for one email could both succeed, and moto's race rather than the service would decide the
 * concurrency tests. moto is found via $MOTO_SERVER_BIN, then PATH, then the repo's .tools venv; the
 * script runs on the Python of that moto.
 */
public final class MotoServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static String endpoint;

    private MotoServer() {
    }

    public static synchronized String endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    private static String start() {
        // The SDK insists on credentials; moto accepts any.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        int port = freePort();
        Path log = Path.of("target", "moto-server.log");
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(pythonOf(binary()));
            command.addAll(List.of(stackServerScript().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
            String url = "http://127.0.0.1:" + port;
            awaitReady(process, url, log);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto_server", e);
        }
    }

    private static Path binary() {
        Optional<Path> fromEnv = Optional.ofNullable(System.getenv("MOTO_SERVER_BIN")).filter(s -> !s.isBlank()).map(Path::of);
        Optional<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "moto_server"))
                .filter(Files::isExecutable)
                .findFirst();
        return fromEnv.or(() -> onPath).or(MotoServer::inRepoVenv).orElseThrow(() -> new IllegalStateException(
                "moto_server not found: set MOTO_SERVER_BIN, put it on PATH, or run the repo's setup script"));
    }

    /** The interpreter in moto_server's shebang, or the {@code python3} beside a launcher such as a pyenv shim. */
    private static List<String> pythonOf(Path motoServer) throws IOException {
        String shebang = Files.readAllLines(motoServer).stream().findFirst().orElse("");
        if (shebang.startsWith("#!") && shebang.contains("python")) {
            return List.of(shebang.substring(2).trim().split(" "));
        }
        Path sibling = motoServer.resolveSibling("python3");
        if (Files.isExecutable(sibling)) {
            return List.of(sibling.toString());
        }
        throw new IllegalStateException("no Python found for " + motoServer + "; set MOTO_SERVER_BIN to moto's venv");
    }

    private static Path stackServerScript() {
        return findUp("stack/dynamodb/stack_moto_server.py").orElseThrow(() -> new IllegalStateException(
                "stack/dynamodb/stack_moto_server.py not found above " + Path.of("").toAbsolutePath()));
    }

    private static Optional<Path> inRepoVenv() {
        return findUp(".tools/venv/bin/moto_server").filter(Files::isExecutable);
    }

    /** The first {@code <dir>/relative} that exists, for the working directory and its parents. */
    private static Optional<Path> findUp(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void awaitReady(Process process, String url, Path log) throws IOException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited early:\n" + Files.readString(log));
            }
            try {
                var connection = (HttpURLConnection) URI.create(url + "/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(200);
                if (connection.getResponseCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop(process);
        throw new IllegalStateException("moto_server did not answer within " + STARTUP_TIMEOUT);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
