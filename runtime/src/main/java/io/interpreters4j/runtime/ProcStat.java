package io.interpreters4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of {@code /proc/PID/stat} (Linux), the one place that parses it: its fields as
 * proc(5) numbers them. The command name (field 2) may hold spaces and parentheses, so the fields
 * are counted from after its closing parenthesis.
 */
final class ProcStat {

    /** Fields 3 onwards. */
    private final String[] fields;

    private ProcStat(String[] fields) {
        this.fields = fields;
    }

    static ProcStat of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return new ProcStat(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
    }

    /** Field {@code n} (3 or more) as text. */
    String field(int n) {
        return fields[n - 3];
    }

    /** Field {@code n} (3 or more) as a number. */
    long number(int n) {
        return Long.parseLong(field(n));
    }
}
