package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The program of {@link TeardownTest}'s child JVM: it ends a program as {@code mvn exec:java}
 * does. The program ({@link App}) runs on a thread of a thread group of its own, from a class
 * loader of its own; once it returns, every thread of the group is interrupted and joined (at
 * most 30 s in all), the threads still alive are printed ({@code ALIVE [...]}), the class loader
 * is closed, and the JVM exits normally.
 */
public final class TeardownProbe {

    private TeardownProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        ThreadGroup group = new ThreadGroup("program");
        Throwable[] failed = new Throwable[1];
        Thread program = new Thread(group, () -> {
            try {
                loader.loadClass(App.class.getName()).getMethod("run").invoke(null);
            } catch (Throwable t) {
                failed[0] = t;
            }
        }, "program-main");
        program.setContextClassLoader(loader);
        program.setDaemon(false);
        program.start();
        program.join();
        if (failed[0] != null) {
            failed[0].printStackTrace();
            System.exit(1);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Thread> alive = threads(group);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            alive.forEach(Thread::interrupt);
            for (Thread t : alive) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            alive = threads(group);
        }
        System.out.println("ALIVE " + alive.stream().map(Thread::getName).toList());
        loader.close();
        System.out.println("DONE");
    }

    private static List<Thread> threads(ThreadGroup group) {
        Thread[] all = new Thread[group.activeCount() + 16];
        int n = group.enumerate(all);
        return new ArrayList<>(Arrays.asList(all).subList(0, n));
    }

    /** The program: interpreters created and destroyed, spares asked for, the main interpreter used. */
    public static final class App {
        private App() {
        }

        public static void run() {
            try (Interpreter interp = Interpreters.create()) {
                interp.run("x = 1");
            }
            Interpreters.create().close();
            Interpreters.getMain().run("y = 2");
            System.out.println("PROGRAM DONE");
        }
    }
}
