"""Whole job, integer arithmetic: a hash of every number below SIZE, with products and sums
past 2^63 (Python's big ints) next to small-int loop arithmetic.

    python3 bigint_job.py SIZE [--executor serial|processes|interpreters] [--workers N] [--rounds R]

Work grows with SIZE. Task k takes the numbers k, k + T, k + 2T, ...
"""
import jobkit

MIX = 0x9E3779B97F4A7C15       # 64-bit: i * MIX is past 2^63 from i = 1 on
PRIME = 0xFFFFFFFFFFFFFFC5     # the largest prime below 2^64


def work(first, stop, step):
    """A checksum of the numbers first, first + step, ... below stop, as a decimal str."""
    acc = 0
    steps = 0
    for i in range(first, stop, step):
        x = i * MIX
        x ^= x >> 29
        x = x * x % PRIME          # a 128-bit product, reduced
        acc += x
        n = i & 1023               # a few small-int steps of a Collatz walk
        while n > 1 and steps & 7:
            n = n >> 1 if n & 1 == 0 else 3 * n + 1
            steps += 1
        steps += 1
    return str(acc * 1_000_003 + steps)


# What each worker interpreter defines once (the pool's initializer): the constants work() uses.
WORKER_SETUP = jobkit.worker_setup(MIX=MIX, PRIME=PRIME)


def tasks(size, count):
    return [(k, size, count) for k in range(count)]


def summary(results):
    total = sum(int(r) for r in results)
    return '%d digits, %d mod 1000000007' % (len(str(total)), total % 1_000_000_007)


if __name__ == '__main__':
    jobkit.main('bigint_job', 750_000, tasks, work, summary, WORKER_SETUP)
