package dev.hademo.product.support

import org.junit.jupiter.api.extension.BeforeAllCallback
import org.junit.jupiter.api.extension.ExtensionContext
import java.io.File
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import kotlin.io.path.Path
import kotlin.io.path.absolute
import kotlin.io.path.isExecutable
import kotlin.io.path.isRegularFile

/**
 * A real redis-server and a real moto server (the project's local DynamoDB) on free ports, started
 * once per test JVM and stopped when JUnit finishes. Nothing is mocked.
 */
object LocalServers {
    private val logDir: Path = Files.createDirectories(Path("target", "local-servers"))

    val redis: Server by lazy {
        val port = freePort()
        Server.start(
            "redis",
            listOf(binary("REDIS_SERVER_BIN", "redis-server"), "--port", "$port", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
            port,
        )
    }

    val moto: Server by lazy {
        val port = freePort()
        Server.start("moto", motoCommand() + listOf("-H", "127.0.0.1", "-p", "$port"), port)
    }

    val redisUrl: String get() = "redis://127.0.0.1:${redis.port}"
    val dynamoDbEndpoint: String get() = "http://127.0.0.1:${moto.port}"

    /**
     * The stack's DynamoDB: moto through `stack/dynamodb/stack_moto_server.py`, atomic per request the
     * way DynamoDB is; without it moto's own races, not the service, would decide the concurrency tests.
     * The wrapper needs the Python that has moto: the one in moto_server's shebang, or, for a
     * launcher such as a pyenv shim, the `python3` beside it.
     */
    private fun motoCommand(): List<String> {
        val motoServer = Path(binary("MOTO_SERVER_BIN", "moto_server"))
        val shebang = motoServer.toFile().useLines { it.firstOrNull() }.orEmpty()
        val python = shebang.removePrefix("#!").trim().split(' ')
            .takeIf { shebang.startsWith("#!") && "python" in shebang }
            ?: motoServer.resolveSibling("python3").takeIf { it.isExecutable() }?.let { listOf(it.toString()) }
            ?: error("no Python found for $motoServer; set MOTO_SERVER_BIN to moto's venv")
        val script = generateSequence(Path("").absolute()) { it.parent }
            .map { it.resolve("stack/dynamodb/stack_moto_server.py") }
            .firstOrNull { it.isRegularFile() }
            ?: error("stack/dynamodb/stack_moto_server.py not found above ${Path("").absolute()}")
        return python + script.toString()
    }

    /** `$VAR`, else the command on PATH, else the project's tool venv (moto). */
    private fun binary(variable: String, command: String): String {
        System.getenv(variable)?.takeIf { it.isNotBlank() }?.let { return it }
        System.getenv("PATH").orEmpty().split(File.pathSeparator)
            .map { Path(it, command) }
            .firstOrNull { it.isExecutable() }
            ?.let { return it.toString() }
        generateSequence(Path("").absolute()) { it.parent }
            .map { it.resolve(".tools/venv/bin/$command") }
            .firstOrNull { it.isExecutable() }
            ?.let { return it.toString() }
        error("$command not found: set $variable or put it on PATH")
    }

    private fun freePort(): Int = ServerSocket(0).use { it.localPort }

    class Server private constructor(val name: String, val port: Int, private val process: Process) {
        fun stop() {
            process.destroy()
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly()
        }

        companion object {
            fun start(name: String, command: List<String>, port: Int): Server {
                val log = logDir.resolve("$name.log").toFile()
                val process = ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start()
                val server = Server(name, port, process)
                Runtime.getRuntime().addShutdownHook(Thread(server::stop))
                val deadline = Instant.now().plus(Duration.ofSeconds(60))
                while (!accepts(port)) {
                    check(process.isAlive) { "$name exited during start; see $log" }
                    check(Instant.now().isBefore(deadline)) { "$name did not open port $port; see $log" }
                    Thread.sleep(100)
                }
                return server
            }

            private fun accepts(port: Int): Boolean = try {
                Socket().use { it.connect(InetSocketAddress("127.0.0.1", port), 200) }
                true
            } catch (_: java.io.IOException) {
                false
            }
        }
    }
}

/** Stops the servers when the whole test plan is done, not after each class. */
class LocalServersExtension : BeforeAllCallback {
    override fun beforeAll(context: ExtensionContext) {
        context.root.getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("local-servers") {
            ExtensionContext.Store.CloseableResource {
                LocalServers.redis.stop()
                LocalServers.moto.stop()
            }
        }
    }
}
