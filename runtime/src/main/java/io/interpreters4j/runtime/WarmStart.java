package io.interpreters4j.runtime;

import io.interpreters4j.runtime.interpreter.ProgramEnd;
import io.interpreters4j.runtime.interpreter.PyInterpreter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A warm start: a JVM that boots the runtime before its program is known, then runs the one
 * program a {@code bin/interpreters} command hands it, as if that command had started it.
 *
 * <p>Why. Most of a cold start (5-10 s on two cores: JVM, engine, the main context, the Graal
 * compiler warming itself) is the same for every program. {@code bin/interpreters} keeps one
 * spare JVM booted ahead (started by the command before, at low priority); the next command
 * claims it, and its program starts at once. Each spare serves one program and then exits as a
 * process does: the program has its own process, pid, memory and exit, exactly as a cold start.
 *
 * <p>Implementation overview. The command ({@code bin/interpreters}, the only client) owns the
 * file protocol; this class is the spare's half. A spare lives in a directory
 * {@code spare.KEY.ID} under a directory private to the user (mode 0700), KEY naming the build and
 * settings it was booted with. Its wrapper shell opened the directory's two FIFOs before starting
 * this JVM, which inherits them: fd 4, {@code go}, carries the request, and fd 3, {@code status},
 * the answer; the wrapper writes {@code exit N} there when this JVM has ended.
 * <pre>
 *   booting --boot done--> waiting --request on fd 4--> adopting --ok, "started"--> running --> exit N
 *      |                   (rehearsing)                    `--fails, "refused"--> exit (client starts cold)
 *      `----------------------+--idle limit, still named spare.*: renamed dead.*, removed, exit 0
 * </pre>
 * While it waits, the spare rehearses ({@link Rehearsal}): ordinary Python in an interpreter of its
 * own, so that the JVM has compiled GraalPy's interpreter and the Graal compiler before the
 * program runs (a program's first round of new code runs several times faster on a rehearsed
 * spare). The request ends the rehearsal before anything of the client is taken on.
 * A client claims a spare by renaming its directory to {@code claimed.KEY.ID.PID}, and the idle
 * exit renames it to {@code dead.*} first: one rename wins, so a spare is claimed or dead, never
 * both. The request is NUL-terminated fields: the client's pid, its umask (octal), argc, and the
 * arguments. Everything else is read from {@code /proc/PID}, which only the same user may read:
 * the working directory, the environment, and stdio: {@code _warm_start.py} opens the client's
 * fds 0-2 anew through {@code /proc/PID/fd} (same access mode, append flag and offset) and
 * {@code dup2}s them onto this process's fds 0-2, changes directory, umask and {@code os.environ}.
 * Trusted interpreters made later get the client's environment ({@link
 * io.interpreters4j.runtime.interpreter.PythonEngine#useEnvironment}) and {@code sys.path}. The
 * client forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to this JVM; if the client dies, a watchdog
 * ends this JVM (a program must not outlive the command that ran it).
 */
final class WarmStart {

    /** The launcher option that makes this JVM a spare: {@code --warm-spare DIR}. */
    static final String OPTION = "--warm-spare";
    /** Seconds an unclaimed spare waits before it exits; the environment variable overrides. */
    private static final String IDLE_VARIABLE = "INTERPRETERS4J_WARM_IDLE";
    private static final long DEFAULT_IDLE_SECONDS = 900;
    private static final Path REQUEST = Path.of("/proc/self/fd/4");
    private static final Path STATUS = Path.of("/proc/self/fd/3");
    /** Exit status when the program could not be adopted; the client then starts cold. */
    private static final int REFUSED = 125;

    /** The status FIFO (fd 3), opened anew; the one answer is written to it. */
    private static OutputStream status;

    private WarmStart() {
    }

    /** Boots, waits for the one program of a client, runs it; returns how it ended. */
    static ProgramEnd serve(Path dir) {
        PythonRuntime runtime = PythonRuntime.get();
        PyInterpreter main = runtime.interpreters().main();
        // What every hand-over runs, run once now on this process itself (a no-op hand-over), and
        // an empty program: their first runs in a new context cost seconds, which no client waits for.
        long self = ProcessHandle.current().pid();
        try {
            main.run(adoptSource(), adoptValues(Client.of(self), null, currentUmask(), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        main.runMain(null, "pass", new String[] {"-c"});
        try {
            Files.createFile(dir.resolve("ready")); // for benchmarks and tests; fails once claimed
        } catch (IOException claimed) {
            // The client renamed the directory: it is waiting for the answer already.
        }
        startIdleExit(dir);
        Rehearsal rehearsal = Rehearsal.start(runtime.interpreters(), dir);
        // Opened before the hand-over closes fds 3 and 4 (which are not the program's to see).
        try {
            status = Files.newOutputStream(STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Request request;
        try (InputStream in = Files.newInputStream(REQUEST)) {
            request = Request.read(in);
        } catch (IOException | RuntimeException e) {
            return refuse("could not read the request: " + e);
        } finally {
            if (rehearsal != null) {
                rehearsal.stop(); // the program gets the process alone, as a fresh one
            }
        }
        Client client;
        try {
            client = Client.of(request.pid());
        } catch (IOException | RuntimeException e) {
            return refuse("could not read the client's process: " + e);
        }
        startWatchdog(client);
        Program program = Program.parse(request.argv(), client.cwd());
        if (program == null) {
            return refuse("the arguments name no program"); // the command checks them first
        }
        try {
            String prefix = PythonRuntime.sysPathPrefix(program.sysPath0(), client.env());
            main.run(adoptSource(), adoptValues(client, prefix, request.umask(), true));
            runtime.engine().useEnvironment(client.env());
            runtime.interpreters().setSysPathPrefix(prefix);
        } catch (RuntimeException e) {
            return refuse("could not take over the command's process: " + e);
        }
        answer("started");
        return program.run(main);
    }

    /** No program run: the command starts cold. The JVM then ends at once (nothing ran in it). */
    private static ProgramEnd refuse(String why) {
        System.err.println("interpreters: warm start refused: " + why);
        answer("refused");
        return new ProgramEnd(REFUSED, true);
    }

    /** The answer to the client, on fd 3: "started" or "refused". */
    private static void answer(String word) {
        try (OutputStream out = status) {
            out.write((word + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After the idle limit, an unclaimed spare renames itself away (see the class comment) and exits. */
    private static void startIdleExit(Path dir) {
        long idle = DEFAULT_IDLE_SECONDS;
        String configured = System.getenv(IDLE_VARIABLE);
        if (configured != null && configured.matches("[0-9]+")) {
            idle = Long.parseLong(configured);
        }
        long seconds = idle;
        Thread.ofPlatform().daemon(true).name("interpreters4j-warm-idle").start(() -> {
            try {
                Thread.sleep(seconds * 1000);
                Path dead = dir.resolveSibling("dead" + dir.getFileName().toString().substring("spare".length()));
                Files.move(dir, dead, StandardCopyOption.ATOMIC_MOVE);
                try (Stream<Path> files = Files.walk(dead)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
                Runtime.getRuntime().halt(0);
            } catch (NoSuchFileException claimed) {
                // A client renamed it first: its request is on the way.
            } catch (InterruptedException | IOException e) {
                // No idle exit then; the spare waits for a client.
            }
        });
    }

    /** Ends this JVM if the client dies: a program must not outlive the command that ran it. */
    private static void startWatchdog(Client client) {
        Thread.ofPlatform().daemon(true).name("interpreters4j-warm-watchdog").start(() -> {
            while (client.alive()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(128 + 9);
        });
    }

    /** The names {@code _warm_start._adopt} is called with. */
    private static Map<String, Object> adoptValues(Client client, String prefix, int umask, boolean handover) {
        Map<String, Object> values = new HashMap<>(); // Map.of takes no null (prefix)
        values.put("pid", client.pid());
        values.put("cwd", client.cwd().toString());
        values.put("env", client.environBlob());
        values.put("prefix", prefix);
        values.put("umask", umask);
        values.put("handover", handover ? 1 : 0);
        return values;
    }

    /** This process's umask, from /proc (Java has no other way to read it without changing it). */
    private static int currentUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 022;
    }

    private static String adoptSource() {
        try (InputStream in = WarmStart.class.getResourceAsStream("python/_warm_start.py")) {
            if (in == null) {
                throw new IllegalStateException("missing runtime resource python/_warm_start.py");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n_adopt(pid, cwd, env, prefix, umask, handover)\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the client sends on fd 4: its pid, umask and arguments, each NUL-terminated. */
    record Request(long pid, int umask, String[] argv) {
        static Request read(InputStream in) throws IOException {
            long pid = Long.parseLong(field(in));
            int umask = Integer.parseInt(field(in), 8);
            int argc = Integer.parseInt(field(in));
            String[] argv = new String[argc];
            for (int i = 0; i < argc; i++) {
                argv[i] = field(in);
            }
            return new Request(pid, umask, argv);
        }

        private static String field(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != 0; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the request ended early");
                }
                b.write(c);
            }
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    /** The client process as {@code /proc} shows it. */
    record Client(long pid, String startTime, Path cwd, Map<String, String> env, String environBlob) {
        static Client of(long pid) throws IOException {
            Path proc = Path.of("/proc", Long.toString(pid));
            String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
            Map<String, String> env = new LinkedHashMap<>();
            for (String entry : environ.split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return new Client(pid, startTime(pid), proc.resolve("cwd").toRealPath(), env, environ);
        }

        /** Field 22 of /proc/PID/stat: tells this process from a later one given the same pid. */
        private static String startTime(long pid) throws IOException {
            return ProcStat.of(pid).field(22);
        }

        boolean alive() {
            try {
                return startTime(pid).equals(startTime);
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }
    }
}
