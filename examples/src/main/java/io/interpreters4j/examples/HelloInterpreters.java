package io.interpreters4j.examples;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;

import java.util.Map;

/**
 * The README's Java quick start: run Python in a new interpreter and get a value back over a
 * channel.
 *
 * <pre>mvn -q -pl examples -am compile -Dexample=HelloInterpreters</pre>
 */
public final class HelloInterpreters {

    private HelloInterpreters() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Interpreter interp = Interpreters.create()) {
            interp.run("def square(x):\n    return x * x");        // state persists between runs
            Channel ch = Interpreters.createChannel();
            // run() would wait for the code to finish, but the code's send() waits for our recv():
            // so run it asynchronously and receive here.
            var done = interp.runAsync("out.send('hello from ' + str(square(12)))", Map.of("out", ch.sendEnd()));
            System.out.println(ch.recvEnd().recv());                  // hello from 144
            done.join();
        }
    }
}
