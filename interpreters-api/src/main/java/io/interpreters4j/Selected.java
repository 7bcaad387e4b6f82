package io.interpreters4j;

/**
 * The case that completed in a {@link Interpreters#select select}: its index among the cases
 * given, the case itself, and for a receive the value received ({@code null} for a send).
 *
 * @param index the case's position among the cases given, from 0
 * @param selectCase the case that completed
 * @param value for a receive, the value received; {@code null} for a send
 */
public record Selected(int index, SelectCase selectCase, Object value) {
}
