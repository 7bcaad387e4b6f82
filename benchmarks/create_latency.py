"""create() + first run() latency, one at a time with the runtime settled in between: the figure the
spare contexts change. Compare with them off:

    bin/interpreters benchmarks/create_latency.py [N]
    INTERPRETERS4J_JAVA_OPTS=-Dinterpreters4j.spares=0 bin/interpreters benchmarks/create_latency.py [N]
"""
import sys
import time

import interpreters
import _interpreters4j


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    for _ in range(3):  # the first interpreters pay for the engine and warm the JIT
        i = interpreters.create()
        i.run('pass')
        i.destroy()
    ready, handed, missed = _interpreters4j._bridge.spareStats()
    spares_on = handed + missed > 0  # take() counts only when spares are on
    lat = []
    for k in range(n):
        # Settle: a spare is ready (spares on; up to 30 s on a busy machine), or a second has passed.
        end = time.perf_counter() + (30.0 if spares_on else 1.0)
        while time.perf_counter() < end and _interpreters4j._bridge.spareStats()[0] < 1:
            time.sleep(0.02)
        t0 = time.perf_counter()
        i = interpreters.create()
        i.run('pass')
        lat.append(time.perf_counter() - t0)
        i.destroy()
        print('  %2d/%d: %.2f ms' % (k + 1, n, lat[-1] * 1e3), file=sys.stderr, flush=True)
    lat.sort()
    ready, handed, missed = _interpreters4j._bridge.spareStats()
    print('create()+first run(): p50 %.2f ms, min %.2f ms, max %.2f ms over %d; spares used %d, creates without one %d; load %s'
          % (lat[len(lat) // 2] * 1e3, lat[0] * 1e3, lat[-1] * 1e3, n, handed, missed,
             load()))


def load():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


if __name__ == '__main__':
    main()
