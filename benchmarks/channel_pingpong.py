"""Round trip of one small message between two interpreters over two unbuffered channels.

    bin/interpreters benchmarks/channel_pingpong.py [ROUND_TRIPS]

Prints p50/p99/max per round trip after a warm-up. Every hand-off parks and unparks threads
(after a brief adaptive spin): nothing polls.
"""
import sys
import threading
import time

import interpreters


def measure(n, ping_s, pong_r):
    lat = []
    for i in range(n):
        t0 = time.perf_counter_ns()
        ping_s.send(i)
        pong_r.recv()
        lat.append(time.perf_counter_ns() - t0)
    lat.sort()
    return lat


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    echo = interpreters.create()
    ping_r, ping_s = interpreters.create_channel()
    pong_r, pong_s = interpreters.create_channel()
    t = threading.Thread(target=echo.run, args=('for v in ping:\n    pong.send(v)',),
                         kwargs={'shared': {'ping': ping_r, 'pong': pong_s}})
    t.start()
    for round_ in range(3):
        lat = measure(n, ping_s, pong_r)
        label = 'warm-up' if round_ < 2 else 'measured'
        print('%-8s %6d round trips: p50 %7.1f us  p99 %8.1f us  max %9.1f us' % (
            label, n, lat[len(lat) // 2] / 1e3, lat[int(len(lat) * 0.99)] / 1e3, lat[-1] / 1e3), flush=True)
    ping_s.close()
    t.join()
    echo.destroy()


if __name__ == '__main__':
    main()
