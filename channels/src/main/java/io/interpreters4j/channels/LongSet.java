package io.interpreters4j.channels;

import java.util.Arrays;

/**
 * A small sorted set of interpreter ids. Channels have few associated interpreters, so a sorted
 * array beats a boxed {@code TreeSet}: no allocation on lookup, and already in the order that
 * {@code interpreters()} reports. Not thread-safe; guarded by the owning channel's lock.
 */
final class LongSet {
    private long[] ids = new long[4];
    private int size;

    boolean contains(long id) {
        return Arrays.binarySearch(ids, 0, size, id) >= 0;
    }

    /** @return whether {@code id} was absent */
    boolean add(long id) {
        int i = Arrays.binarySearch(ids, 0, size, id);
        if (i >= 0) {
            return false;
        }
        i = -i - 1;
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        System.arraycopy(ids, i, ids, i + 1, size - i);
        ids[i] = id;
        size++;
        return true;
    }

    /** @return whether {@code id} was present */
    boolean remove(long id) {
        int i = Arrays.binarySearch(ids, 0, size, id);
        if (i < 0) {
            return false;
        }
        System.arraycopy(ids, i + 1, ids, i, size - i - 1);
        size--;
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
