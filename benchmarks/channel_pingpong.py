"""Round trip of one small message between two interpreters over two unbuffered channels.

    bin/interpreters benchmarks/channel_pingpong.py [ROUND_TRIPS]

Prints p50/p99/max per round trip after a warm-up. Every hand-off parks and unparks threads
(after a brief adaptive spin): nothing polls.
"""
import sys
import threading

import interpreters
from workloads import round_trips


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    echo = interpreters.create()
    ping_r, ping_s = interpreters.create_channel()
    pong_r, pong_s = interpreters.create_channel()
    t = threading.Thread(target=echo.run, args=('for v in ping:\n    pong.send(v)',),
                         kwargs={'shared': {'ping': ping_r, 'pong': pong_s}})
    t.start()
    for round_ in range(3):
        lat = sorted(round_trips(ping_s.send, pong_r.recv, n))
        label = 'warm-up' if round_ < 2 else 'measured'
        print('%-8s %6d round trips: p50 %7.1f us  p99 %8.1f us  max %9.1f us' % (
            label, n, lat[len(lat) // 2] * 1e6, lat[int(len(lat) * 0.99)] * 1e6, lat[-1] * 1e6), flush=True)
    ping_s.close()
    t.join()
    echo.destroy()


if __name__ == '__main__':
    main()
