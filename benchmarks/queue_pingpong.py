"""Round trip of one small item between two interpreters over two CPython 3.14 queues
(concurrent.interpreters.create_queue), against CPython's own queues measured in the same run.

    bin/interpreters benchmarks/queue_pingpong.py [ROUND_TRIPS_PER_ROUND]

Rounds of round trips until the p50 settles (the Graal JIT compiles the path meanwhile), then
p50/p99/max of the last round. A waiting get() spins briefly, then parks until a put() hands it
the item: nothing polls. CPython's queues (3.13's test.support.interpreters.queues, from pyenv;
3.14's concurrent.interpreters.Queue is the same code) sleep 10 ms between polls of an empty
queue, so an echo costs them about two polls.
"""
import os
import subprocess
import sys

from suite import find_cpython, load
from workloads import Progress, percentile, queue_echo_pingpong

CPYTHON = r'''
import sys, threading, time
from test.support import interpreters
from test.support.interpreters import queues
n = int(sys.argv[1])
ping, pong = queues.create(), queues.create()
echo = interpreters.create()
# 3.13 cannot bind a queue in another __main__ (prepare_main fails): the echo finds them by id.
t = threading.Thread(target=echo.exec, args=(
    'from test.support.interpreters import queues\n'
    'ping, pong = queues.Queue(%d), queues.Queue(%d)\n'
    'while (v := ping.get()) is not None:\n    pong.put(v)' % (ping.id, pong.id),))
t.start()
lat = []
for i in range(n):
    t0 = time.perf_counter()
    ping.put(i)
    pong.get()
    lat.append(time.perf_counter() - t0)
ping.put(None)
t.join()
lat.sort()
print(lat[len(lat) // 2], lat[int(len(lat) * 0.99)], lat[-1])
'''


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print('load average before: %s' % load(), flush=True)
    lat, rounds, warm = queue_echo_pingpong(n, Progress('queue pingpong'), 30.0, 90.0)
    ours = percentile(lat, 0.5)
    print('interpreters4j, after %d rounds (%.0f s): %d round trips: p50 %.1f us  p99 %.1f us  max %.1f us' % (
        rounds, warm, n, ours * 1e6, percentile(lat, 0.99) * 1e6, lat[-1] * 1e6), flush=True)
    python = find_cpython()
    if python is None:
        print('CPython 3.13 not found (pyenv): no baseline')
        return
    cn = 200  # at ~20 ms a round trip, 4 s
    out = subprocess.run([python, '-c', CPYTHON, str(cn)], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        print('CPython baseline failed: ' + out.stderr[-500:])
        return
    p50, p99, mx = (float(x) for x in out.stdout.split())
    print('%s test.support.interpreters.queues: %d round trips: p50 %.1f us  p99 %.1f us  max %.1f us' % (
        os.path.basename(os.path.dirname(os.path.dirname(python))), cn, p50 * 1e6, p99 * 1e6, mx * 1e6))
    print('ratio (CPython p50 / ours): %.0fx; load average after: %s' % (p50 / ours, load()))


if __name__ == '__main__':
    main()
