package io.interpreters4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java example's main method, run in this JVM, with its standard output checked line by
 * line. (The examples print from Java only: Python output would bypass System.out.)
 */
@Timeout(120)
class JavaExamplesTest {

    interface Main {
        void run(String[] args) throws Exception;
    }

    private static synchronized List<String> output(Main main) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run(new String[0]);
        } finally {
            System.setOut(saved);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return text.lines().toList();
    }

    @Test
    void everyExampleIsCovered() throws Exception {
        Path dir = Path.of("src/main/java/io/interpreters4j/examples");
        Set<String> classes;
        try (Stream<Path> files = Files.list(dir)) {
            classes = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(Set.of("HelloInterpreters", "EmbeddedService", "ChannelExchange",
                "InterpreterCost", "HandlingRunFailedError")), classes);
    }

    @Test
    void helloInterpreters() throws Exception {
        assertEquals(List.of("hello from 144"), output(HelloInterpreters::main));
    }

    @Test
    void embeddedService() throws Exception {
        List<String> out = output(EmbeddedService::main);
        assertEquals(List.of(
                "{\"apple\": 3} -> 200 {\"items\": 3, \"total\": \"1.20\"}",
                "{\"pear\": 2, \"fig\": 1} -> 200 {\"items\": 3, \"total\": \"2.30\"}",
                "{\"fig\": 10} -> 200 {\"items\": 10, \"total\": \"12.00\"}",
                "{\"apple\": 1, \"kiwi\": 2} -> 400 KeyError: 'kiwi'",
                "{\"pear\": 4} -> 200 {\"items\": 4, \"total\": \"2.20\"}",
                "not json -> 400 json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
                "{\"apple\": 5, \"pear\": 5, \"fig\": 5} -> 200 {\"items\": 15, \"total\": \"10.75\"}",
                "{} -> 200 {\"items\": 0, \"total\": \"0\"}"), out.subList(0, 8));
        assertEquals("pool of 2 interpreters: 6 requests served, 2 failed", out.get(8));
        assertEquals(9, out.size());
    }

    @Test
    void channelExchange() throws Exception {
        assertEquals(List.of(
                "Python to Java:",
                "  String text",
                "  Long 42",
                "  BigInteger 1267650600228229401496703205376",
                "  byte[] [1, 2, 3]",
                "  null (Python None)",
                "  then: CLOSED",
                "conversation:",
                "  len(channel) = 7",
                "  len(interpreter) = 11",
                "  len(rendezvous) = 10",
                "  Python computed: 1180591620717411303425 cafe",
                "shared buffer:",
                "  Python sees: jello",
                "  Java sees:   jello",
                "select:",
                "  case 1 received first!",
                "  nothing within 100 ms: true",
                "  tryRecv with no sender waiting: EMPTY"), output(ChannelExchange::main));
    }

    @Test
    void interpreterCost() throws Exception {
        List<String> out = output(args -> InterpreterCost.main(new String[] {"3"}));
        assertEquals(6, out.size(), out::toString);
        assertEquals("interpreters measured: 3", out.get(0));
        assertTrue(out.get(1).matches("create \\+ first run: +\\d+ ms each"), out.get(1));
        assertTrue(out.get(2).matches("heap, idle: +-?\\d+\\.\\d MB each"), out.get(2));
        assertTrue(out.get(3).matches("import json, decimal, re: +\\d+ ms each"), out.get(3));
        assertTrue(out.get(4).matches("heap, with those: +-?\\d+\\.\\d MB each"), out.get(4));
        assertTrue(out.get(5).matches("destroy: +\\d+ ms each"), out.get(5));
    }

    @Test
    void handlingRunFailedError() throws Exception {
        List<String> out = output(HandlingRunFailedError::main);
        assertEquals(List.of(
                "type:      ValueError",
                "message:   invalid literal for int() with base 10: 'a lot'",
                "traceback: 3 lines, ending ValueError: invalid literal for int() with base 10: 'a lot'",
                "cause:     io.interpreters4j.RemoteException: ValueError: invalid literal for int() with base 10: 'a lot'",
                "afterwards balance = 100",
                "user type: __main__.InsufficientFunds: balance 100, asked 250",
                "syntax:    SyntaxError",
                "exit:      SystemExit 3"), out.subList(0, 8));
        assertEquals("async:     KeyError: 'missing'", out.get(8));
        assertTrue(out.get(9).matches("busy:      InterpreterError: interpreter \\d+ is already running"), out.get(9));
        assertEquals(10, out.size());
    }
}
