package com.example;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A Java program that runs Python in an interpreter of its own and takes its answer from a channel. */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "world";
        try (Interpreter interp = Interpreters.create(); Channel ch = Interpreters.createChannel()) {
            interp.run("def greet(name):\n    return 'hello, ' + name + ' from interpreter %d' % __import__('interpreters').get_current().id");
            // run() would wait for the code, whose send() waits for our recv(): run it asynchronously.
            CompletableFuture<Void> done = interp.runAsync("out.send(greet(name))", Map.of("out", ch.sendEnd(), "name", name));
            System.out.println(ch.recvEnd().recv());
            done.join();
            System.out.println("call: " + interp.call("greet", "Java"));
        }
    }
}
