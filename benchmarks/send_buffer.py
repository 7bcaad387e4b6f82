"""send_buffer() of shared memory between two interpreters: time per hand-off by size.

    bin/interpreters benchmarks/send_buffer.py

A shared buffer (interpreters.create_buffer) is aliased, never copied, so the time must not grow
with the size. For comparison, the last column sends a plain bytearray, which is copied once.
"""
import statistics
import threading
import time

import interpreters

SIZES = [1 << 10, 1 << 20, 16 << 20, 64 << 20]


def main():
    sink = interpreters.create()
    r, s = interpreters.create_channel()
    t = threading.Thread(target=sink.run, args=('for view in inp:\n    view[0] = 1',), kwargs={'shared': {'inp': r}})
    t.start()
    print('%10s  %14s  %14s' % ('size', 'shared (ms)', 'copied once (ms)'))
    for size in SIZES:
        shared = interpreters.create_buffer(size)
        plain = bytearray(size)
        for label in ('warm', 'measure'):
            times_shared, times_copy = [], []
            for _ in range(5):
                t0 = time.perf_counter()
                s.send_buffer(shared)
                times_shared.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                s.send_buffer(plain)
                times_copy.append(time.perf_counter() - t0)
        assert shared[0] == 1  # the receiver wrote into our memory: it was not a copy
        print('%8d KiB  %14.3f  %14.3f' % (size >> 10, statistics.median(times_shared) * 1e3,
                                            statistics.median(times_copy) * 1e3), flush=True)
    s.close()
    t.join()
    sink.destroy()


if __name__ == '__main__':
    main()
