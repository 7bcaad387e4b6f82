package io.interpreters4j.examples;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RunFailedError;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What Java sees when Python code fails: {@link RunFailedError}, with the remote exception's
 * type name, message and traceback; the interpreter stays usable, its state intact.
 *
 * <pre>mvn -q -pl examples -am compile -Dexample=HandlingRunFailedError</pre>
 */
public final class HandlingRunFailedError {

    private HandlingRunFailedError() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Interpreter py = Interpreters.create()) {
            // 1. A built-in exception.
            try {
                py.run("""
                        balance = 100
                        amount = int('a lot')
                        """);
            } catch (RunFailedError e) {
                System.out.println("type:      " + e.remoteTypeName());
                System.out.println("message:   " + e.remoteMessage());
                // getMessage() is the traceback printed in the interpreter; its last line:
                String[] lines = e.getMessage().split("\n");
                System.out.println("traceback: " + lines.length + " lines, ending " + lines[lines.length - 1]);
                // getCause() is a RemoteException: a surrogate; no Python object crosses over.
                System.out.println("cause:     " + e.getCause());
            }

            // 2. The interpreter is still usable, and kept what ran before the failure.
            Channel ch = Interpreters.createChannel();
            CompletableFuture<Void> done = py.runAsync("out.send(balance)", Map.of("out", ch.sendEnd()));
            System.out.println("afterwards balance = " + ch.recvEnd().recv());
            done.join();

            // 3. An exception class defined in Python: its qualified name.
            try {
                py.run("""
                        class InsufficientFunds(Exception):
                            pass
                        raise InsufficientFunds('balance 100, asked 250')
                        """);
            } catch (RunFailedError e) {
                System.out.println("user type: " + e.remoteTypeName() + ": " + e.remoteMessage());
            }

            // 4. A syntax error in the source and SystemExit are reported the same way.
            try {
                py.run("def broken(:\n    pass");
            } catch (RunFailedError e) {
                System.out.println("syntax:    " + e.remoteTypeName());
            }
            try {
                py.run("import sys; sys.exit(3)");
            } catch (RunFailedError e) {
                System.out.println("exit:      " + e.remoteTypeName() + " " + e.remoteMessage());
            }

            // 5. With runAsync() the error completes the future exceptionally.
            try {
                py.runAsync("{}['missing']").join();
            } catch (CompletionException e) {
                RunFailedError cause = (RunFailedError) e.getCause();
                System.out.println("async:     " + cause.remoteTypeName() + ": " + cause.remoteMessage());
            }

            // 6. Not a Python failure: running an interpreter that is running already.
            Channel gate = Interpreters.createChannel();
            CompletableFuture<Void> waiting = py.runAsync("gate.recv()", Map.of("gate", gate.recvEnd()));
            while (!py.isRunning()) {
                Thread.onSpinWait();
            }
            try {
                py.run("pass");
            } catch (InterpreterError e) {
                System.out.println("busy:      " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            gate.sendEnd().send(null);
            waiting.join();
        }
    }
}
