package io.interpreters4j.spi;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** How a {@link Duration} timeout becomes the nanoseconds a provider waits: one rule for every blocking call. */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * {@code timeout} in nanoseconds, as {@code java.util.concurrent} reads a timeout: a negative
     * one is 0 (do not wait), one too long for a {@code long} (about 292 years) is
     * {@link Long#MAX_VALUE}.
     *
     * @param timeout how long to wait
     * @return the nanoseconds to wait, 0 or more
     */
    public static long nanos(Duration timeout) {
        return Math.max(0, TimeUnit.NANOSECONDS.convert(timeout));
    }
}
