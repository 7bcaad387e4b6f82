package io.interpreters4j.examples;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.RecvResult;
import io.interpreters4j.SelectCase;
import io.interpreters4j.Selected;
import io.interpreters4j.SendChannel;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Java and Python exchanging data over channels: what each Python type becomes in Java and back,
 * a request/reply conversation ended by closing the channel, a shared buffer (the same memory on
 * both sides), and {@code select} with a timeout.
 *
 * <pre>mvn -q -pl examples -am compile -Dexample=ChannelExchange</pre>
 *
 * <p>Channels are unbuffered: a send waits for its receiver. A Java thread that calls
 * {@code run()} waits until the Python code ends, so whenever the Python code talks to this
 * thread, it is started with {@code runAsync()} instead.
 */
public final class ChannelExchange {

    private ChannelExchange() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Interpreter py = Interpreters.create()) {
            pythonToJava(py);
            conversation(py);
            sharedBuffer(py);
            selectWithTimeout(py);
        }
    }

    /** Each shareable Python value, as Java receives it. */
    static void pythonToJava(Interpreter py) throws InterruptedException {
        Channel ch = Interpreters.createChannel();
        CompletableFuture<Void> done = py.runAsync("""
                for value in ['text', 42, 2 ** 100, b'\\x01\\x02\\x03', None]:
                    out.send(value)
                out.close()
                """, Map.of("out", ch.sendEnd()));
        System.out.println("Python to Java:");
        for (int i = 0; i < 5; i++) {
            Object v = ch.recvEnd().recv();
            String shown = v == null ? "null (Python None)"
                    : v.getClass().getSimpleName() + " " + (v instanceof byte[] b ? Arrays.toString(b) : v);
            System.out.println("  " + shown);
        }
        done.join();
        // The sender closed the channel: Java sees that as ChannelClosedError, or as CLOSED here.
        System.out.println("  then: " + ch.recvEnd().tryRecv().status());
    }

    /** Java asks, Python answers, one word at a time; closing the requests channel ends the loop. */
    static void conversation(Interpreter py) throws InterruptedException {
        Channel requests = Interpreters.createChannel();
        Channel replies = Interpreters.createChannel();
        CompletableFuture<Void> done = py.runAsync("""
                for word in requests:               # until Java closes the channel
                    replies.send(len(word))
                replies.close()
                """, Map.of("requests", requests.recvEnd(), "replies", replies.sendEnd()));
        System.out.println("conversation:");
        try (SendChannel out = requests.sendEnd()) {        // closing it ends the Python loop
            for (String word : new String[] {"channel", "interpreter", "rendezvous"}) {
                out.send(word);                               // returns once Python has taken it
                long length = (Long) replies.recvEnd().recv();    // Python int -> Long
                System.out.println("  len(" + word + ") = " + length);
            }
        }
        done.join();
        // Java to Python: a BigInteger arrives as an int, byte[] as bytes.
        Channel in = Interpreters.createChannel();
        Channel back = Interpreters.createChannel();
        CompletableFuture<Void> done2 = py.runAsync("back.send(str(inp.recv() + 1) + ' ' + inp.recv().hex())",
                Map.of("inp", in.recvEnd(), "back", back.sendEnd()));
        in.sendEnd().send(BigInteger.TWO.pow(70));
        in.sendEnd().send(new byte[] {(byte) 0xca, (byte) 0xfe});
        System.out.println("  Python computed: " + back.recvEnd().recv());
        done2.join();
    }

    /** A direct ByteBuffer sent with sendBuffer() is the very memory Python's memoryview sees. */
    static void sharedBuffer(Interpreter py) throws InterruptedException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(5);
        buffer.put("hello".getBytes(StandardCharsets.US_ASCII)).flip();
        Channel ch = Interpreters.createChannel();
        Channel ack = Interpreters.createChannel();
        CompletableFuture<Void> done = py.runAsync("""
                view = buffers.recv()                # a memoryview of Java's buffer, not a copy
                view[0] = ord('j')                   # writes into that memory
                ack.send(bytes(view).decode())
                del view
                """, Map.of("buffers", ch.recvEnd(), "ack", ack.sendEnd()));
        ch.sendEnd().sendBuffer(buffer);
        System.out.println("shared buffer:");
        System.out.println("  Python sees: " + ack.recvEnd().recv());
        done.join();
        byte[] now = new byte[5];
        buffer.get(0, now);
        System.out.println("  Java sees:   " + new String(now, StandardCharsets.US_ASCII));
    }

    /** Waiting on two channels at once, with a deadline. */
    static void selectWithTimeout(Interpreter py) throws InterruptedException {
        Channel fast = Interpreters.createChannel();
        Channel never = Interpreters.createChannel();
        CompletableFuture<Void> done = py.runAsync("fast.send('first!')", Map.of("fast", fast.sendEnd()));
        RecvChannel a = fast.recvEnd();
        RecvChannel b = never.recvEnd();
        Selected s = Interpreters.select(Duration.ofSeconds(30), SelectCase.recv(b), SelectCase.recv(a));
        System.out.println("select:");
        System.out.println("  case " + s.index() + " received " + s.value());
        done.join();
        Selected none = Interpreters.select(Duration.ofMillis(100), SelectCase.recv(a), SelectCase.recv(b));
        System.out.println("  nothing within 100 ms: " + (none == null));
        RecvResult r = b.tryRecv();
        System.out.println("  tryRecv with no sender waiting: " + r.status());
        fast.recvEnd().close();
        never.recvEnd().close();
    }
}
