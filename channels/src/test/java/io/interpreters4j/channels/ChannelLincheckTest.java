package io.interpreters4j.channels;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelError;
import io.interpreters4j.ChannelNotEmptyError;
import io.interpreters4j.ChannelReleasedError;
import io.interpreters4j.channels.RendezvousChannel.End;
import io.interpreters4j.channels.RendezvousChannel.Op;
import io.interpreters4j.channels.RendezvousChannel.Selection;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.kotlinx.lincheck.util.ValueResult;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lincheck model checking of the engine against {@link ChannelModel}, the semantics guide as a sequential
 * specification. Lincheck runs each scenario under its own scheduler and explores thread switches
 * at every shared-memory access, lock and park of the engine; the verifier then searches for a
 * linearization of the results in which each call arrives atomically within its interval and a
 * waiting call completes atomically with the call that serves or fails it (the "dual data
 * structure" view of rendezvous; Lincheck's own LTS supports that only for Kotlin suspend
 * functions).
 *
 * <p>Lincheck 3.7 runs on JDK 25, attaching its agent dynamically. Its model checker freezes
 * {@code System.nanoTime()}, so timed waits never time out there: the scenarios use forever and
 * nowait calls, and to let every scenario terminate, the last thread calls only non-blocking
 * operations and ends by force-closing both channels, which fails whatever still waits. Timeouts
 * are covered by {@link ChannelStressTest}.
 *
 * <p>Two channels {@code a = 0} and {@code b = 1}, interpreters 1 and 2, unique values per send.
 * {@code select} is Go's select over {recv from a, send to b}.
 */
public class ChannelLincheckTest {

    // ---- the data structure under test: one instance per scenario run ----

    private final ChannelRegistry registry = new ChannelRegistry();
    private static final int CHANNELS = 2;
    private final RendezvousChannel[] channels = {registry.create(), registry.create()};

    @Operation
    public Object send(int ch, int interp, int value) {
        try {
            return channels[ch].send(interp, value, -1) ? "ok" : "none";
        } catch (ChannelError | InterruptedException e) {
            return name(e);
        }
    }

    @Operation
    public Object sendNowait(int ch, int interp, int value) {
        try {
            return channels[ch].sendNowait(interp, value) ? "ok" : "none";
        } catch (ChannelError e) {
            return name(e);
        }
    }

    @Operation
    public Object recv(int ch, int interp) {
        try {
            return channels[ch].recv(interp, -1);
        } catch (ChannelError | InterruptedException e) {
            return name(e);
        }
    }

    @Operation
    public Object recvNowait(int ch, int interp) {
        try {
            Object v = channels[ch].recvNowait(interp);
            return v == RendezvousChannel.NOTHING ? "none" : v;
        } catch (ChannelError e) {
            return name(e);
        }
    }

    @Operation
    public Object select(int interp, int value) {
        return select(interp, value, -1);
    }

    @Operation
    public Object selectNowait(int interp, int value) {
        return select(interp, value, 0);
    }

    @Operation
    public Object release(int ch, int interp, boolean sendEnd) {
        try {
            return String.valueOf(channels[ch].release(interp, sendEnd ? End.SEND : End.RECV));
        } catch (ChannelError e) {
            return name(e);
        }
    }

    @Operation
    public Object closeRecv(int ch, boolean force) {
        return close(ch, End.RECV, force);
    }

    @Operation
    public Object closeSend(int ch, boolean force) {
        return close(ch, End.SEND, force);
    }

    @Operation
    public Object interpreters(int ch, boolean sendEnd) {
        try {
            List<Integer> ids = new ArrayList<>();
            for (long id : channels[ch].interpreters(sendEnd ? End.SEND : End.RECV)) {
                ids.add((int) id);
            }
            return ids;
        } catch (ChannelError e) {
            return name(e);
        }
    }

    @Operation
    public Object drop(int interp) {
        registry.dropInterpreter(interp);
        return "ok";
    }

    private Object select(int interp, int value, long budget) {
        try {
            // Go's select over {recv from a, send value to b}
            Selection s = RendezvousChannel.select(interp, List.of(Op.recv(channels[0]), Op.send(channels[1], value)), budget);
            return s == null ? "none" : s.index() == 0 ? "recv:" + s.value() : "sent";
        } catch (ChannelError | InterruptedException e) {
            return name(e);
        }
    }

    private Object close(int ch, End end, boolean force) {
        try {
            channels[ch].close(end, force);
            return "ok";
        } catch (ChannelError e) {
            return name(e);
        }
    }

    private static String name(Exception e) {
        return switch (e) {
            case ChannelReleasedError released -> "released";
            case ChannelClosedError closed -> "closed";
            case ChannelNotEmptyError notEmpty -> "notEmpty";
            default -> throw new AssertionError(e);
        };
    }

    // ---- the tests ----

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void modelCheck() throws Exception {
        check(20251121, 30, 300);
    }

    /**
     * Long variant with a fresh seed, printed for replay:
     * {@code mvn -pl interpreters-api,channels -am install -Dsurefire.excludedGroups= -Dgroups=stress}.
     */
    @Test
    @Tag("stress")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void modelCheckLong() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ChannelLincheckTest.modelCheckLong seed " + seed);
        check(seed, 100, 1_000);
    }

    private static void check(long seed, int scenarios, int invocations) throws Exception {
        Random rnd = new Random(seed);
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0) // only our scenarios: they guarantee termination
                .invocationsPerIteration(invocations)
                .verifier(SpecVerifier.class);
        for (int i = 0; i < scenarios; i++) {
            options.addCustomScenario(randomScenario(rnd));
        }
        options.check(ChannelLincheckTest.class);
    }

    /**
     * Two or three worker threads of two or three random calls each, blocking ones included, and
     * a closing thread: up to two non-blocking calls, then a forced close of each channel.
     */
    static ExecutionScenario randomScenario(Random rnd) throws NoSuchMethodException {
        int[] nextValue = {1};
        List<List<Actor>> threads = new ArrayList<>();
        int workers = 2 + rnd.nextInt(2);
        for (int t = 0; t < workers; t++) {
            List<Actor> ops = new ArrayList<>();
            for (int n = 2 + rnd.nextInt(workers == 2 ? 2 : 1); n > 0; n--) {
                ops.add(randomCall(rnd, nextValue, true));
            }
            threads.add(ops);
        }
        List<Actor> closer = new ArrayList<>();
        for (int n = rnd.nextInt(3); n > 0; n--) {
            closer.add(randomCall(rnd, nextValue, false));
        }
        closer.add(actor("closeRecv", 0, true));
        closer.add(actor("closeRecv", 1, true));
        threads.add(closer);
        return new ExecutionScenario(List.of(), threads, List.of(), null);
    }

    private static Actor randomCall(Random rnd, int[] nextValue, boolean mayBlock) throws NoSuchMethodException {
        int ch = rnd.nextInt(2);
        int interp = 1 + rnd.nextInt(2);
        boolean flag = rnd.nextBoolean();
        int dice = rnd.nextInt(mayBlock ? 100 : 60);
        if (dice < 10) {
            return actor("sendNowait", ch, interp, nextValue[0]++);
        } else if (dice < 20) {
            return actor("recvNowait", ch, interp);
        } else if (dice < 27) {
            return actor("selectNowait", interp, nextValue[0]++);
        } else if (dice < 35) {
            return actor("release", ch, interp, flag);
        } else if (dice < 43) {
            return actor("closeSend", ch, rnd.nextInt(4) == 0);
        } else if (dice < 49) {
            return actor("closeRecv", ch, rnd.nextInt(4) == 0);
        } else if (dice < 55) {
            return actor("interpreters", ch, flag);
        } else if (dice < 60) {
            return actor("drop", interp);
        } else if (dice < 75) {
            return actor("send", ch, interp, nextValue[0]++);
        } else if (dice < 90) {
            return actor("recv", ch, interp);
        } else {
            return actor("select", interp, nextValue[0]++);
        }
    }

    private static Actor actor(String name, Object... args) throws NoSuchMethodException {
        for (Method m : ChannelLincheckTest.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, List.of(args));
            }
        }
        throw new NoSuchMethodException(name);
    }

    // ---- the verifier ----

    /**
     * Accepts a result iff some order of atomic arrivals, respecting program order and real time
     * (a call that finished before another started arrives, and completes, before it), makes
     * {@link ChannelModel} produce exactly those results.
     */
    public static final class SpecVerifier implements Verifier {
        public SpecVerifier(Class<?> sequentialSpecification) {
        }

        @Override
        public boolean verifyResults(ExecutionScenario scenario, ExecutionResult results) {
            return new Search(scenario, results).run();
        }
    }

    /**
     * Depth-first search over the orders of atomic steps. A call is one step, except drop: one
     * step per channel, in id order.
     */
    private static final class Search {
        /** One atomic step of thread t's call {@code actor}; {@code channel} for a drop step. */
        private record Step(int actor, boolean first, boolean last, int channel) {
        }

        private final List<List<Actor>> threads;
        private final List<List<ResultWithClock>> results;
        private final List<List<Step>> steps = new ArrayList<>();
        /** {@code stepsBefore[t][k]}: steps in thread t's first k calls. */
        private final int[][] stepsBefore;
        /** Call ids: thread t's call i is {@code base[t] + i}. */
        private final int[] base;
        private final Set<String> failed = new HashSet<>();

        Search(ExecutionScenario scenario, ExecutionResult results) {
            this.threads = scenario.getParallelExecution();
            this.results = results.getParallelResultsWithClock();
            int n = threads.size();
            base = new int[n];
            stepsBefore = new int[n][];
            for (int t = 0; t < n; t++) {
                base[t] = t == 0 ? 0 : base[t - 1] + threads.get(t - 1).size();
                List<Step> ts = new ArrayList<>();
                stepsBefore[t] = new int[threads.get(t).size() + 1];
                for (int i = 0; i < threads.get(t).size(); i++) {
                    stepsBefore[t][i] = ts.size();
                    boolean drop = threads.get(t).get(i).getMethod().getName().equals("drop");
                    int parts = drop ? CHANNELS : 1;
                    for (int k = 0; k < parts; k++) {
                        ts.add(new Step(i, k == 0, k == parts - 1, k));
                    }
                }
                stepsBefore[t][threads.get(t).size()] = ts.size();
                steps.add(ts);
            }
        }

        boolean run() {
            return explore(new ChannelModel(CHANNELS), new int[threads.size()]);
        }

        /** {@code done[t]}: how many steps of thread t have happened. */
        private boolean explore(ChannelModel model, int[] done) {
            boolean finished = true;
            for (int t = 0; t < threads.size(); t++) {
                finished &= done[t] == steps.get(t).size() && !model.isPending(base[t] + threads.get(t).size() - 1);
            }
            if (finished) {
                return true;
            }
            String key = model.key() + Arrays.toString(done);
            if (failed.contains(key)) {
                return false;
            }
            for (int t = 0; t < threads.size(); t++) {
                if (mayStep(model, done, t)) {
                    ChannelModel next = model.copy();
                    apply(next, t, steps.get(t).get(done[t]));
                    if (matches(next)) {
                        done[t]++;
                        boolean ok = explore(next, done);
                        done[t]--;
                        if (ok) {
                            return true;
                        }
                    }
                }
            }
            failed.add(key);
            return false;
        }

        /**
         * Thread t's next step may happen if it continues a call, or if it starts one after
         * everything that finished before that call started (which includes the thread's own
         * previous call).
         */
        private boolean mayStep(ChannelModel model, int[] done, int t) {
            if (done[t] == steps.get(t).size()) {
                return false;
            }
            Step step = steps.get(t).get(done[t]);
            if (!step.first()) {
                return true;
            }
            int[] clock = results.get(t).get(step.actor()).getClockOnStart().getClock();
            for (int u = 0; u < threads.size(); u++) {
                if (done[u] < stepsBefore[u][clock[u]]) {
                    return false;
                }
                for (int j = 0; j < clock[u]; j++) {
                    if (model.isPending(base[u] + j)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Every call the last step completed got the result it actually returned. */
        private boolean matches(ChannelModel model) {
            for (var e : model.completed.entrySet()) {
                if (!e.getValue().equals(actual(e.getKey()))) {
                    return false;
                }
            }
            model.completed.clear();
            return true;
        }

        private Object actual(int id) {
            int t = 0;
            while (t + 1 < base.length && base[t + 1] <= id) {
                t++;
            }
            LincheckResult r = results.get(t).get(id - base[t]).getResult();
            if (r instanceof ExceptionResult e) {
                throw new AssertionError("call " + threads.get(t).get(id - base[t]) + " threw", e.getThrowable());
            }
            return ((ValueResult) r).getValue();
        }

        private void apply(ChannelModel model, int t, Step step) {
            Actor a = threads.get(t).get(step.actor());
            int id = base[t] + step.actor();
            List<Object> args = a.getArguments();
            String name = a.getMethod().getName();
            switch (name) {
                case "send", "sendNowait" -> model.arrive(new ChannelModel.Call(id, arg(args, 1),
                        List.of(new ChannelModel.Case(arg(args, 0), true, arg(args, 2))), false), name.equals("send"));
                case "recv", "recvNowait" -> model.arrive(new ChannelModel.Call(id, arg(args, 1),
                        List.of(new ChannelModel.Case(arg(args, 0), false, 0)), false), name.equals("recv"));
                case "select", "selectNowait" -> model.arrive(new ChannelModel.Call(id, arg(args, 0),
                        List.of(new ChannelModel.Case(0, false, 0), new ChannelModel.Case(1, true, arg(args, 1))), true),
                        name.equals("select"));
                case "release" -> model.release(id, arg(args, 1), arg(args, 0), (Boolean) args.get(2));
                case "closeRecv" -> model.closeRecv(id, arg(args, 0), (Boolean) args.get(1));
                case "closeSend" -> model.closeSend(id, arg(args, 0), (Boolean) args.get(1));
                case "interpreters" -> model.interpreters(id, arg(args, 0), (Boolean) args.get(1));
                case "drop" -> model.drop(id, arg(args, 0), step.channel(), step.last());
                default -> throw new AssertionError(a);
            }
        }

        private static int arg(List<Object> args, int i) {
            return (Integer) args.get(i);
        }
    }
}
