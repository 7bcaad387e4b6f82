"""Round trip of one small message between two interpreters over two unbuffered channels.

    bin/interpreters benchmarks/channel_pingpong.py [ROUND_TRIPS_PER_ROUND]

Rounds of round trips until the p50 settles (the Graal JIT compiles the path meanwhile: tens of
seconds on 2 cores), then p50/p99/max of the last round. A waiting side spins briefly, then
parks: nothing polls.
"""
import sys
import threading

import interpreters
from workloads import Progress, percentile, round_trips, until_steady


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    echo = interpreters.create()
    ping_r, ping_s = interpreters.create_channel()
    pong_r, pong_s = interpreters.create_channel()
    t = threading.Thread(target=echo.run, args=('for v in ping:\n    pong.send(v)',),
                         kwargs={'shared': {'ping': ping_r, 'pong': pong_s}})
    t.start()
    lat, rounds, warm = until_steady(lambda: sorted(round_trips(ping_s.send, pong_r.recv, n)), Progress('pingpong'))
    print('after %d rounds (%.0f s): %d round trips: p50 %.1f us  p99 %.1f us  max %.1f us' % (
        rounds, warm, n, percentile(lat, 0.5) * 1e6, percentile(lat, 0.99) * 1e6, lat[-1] * 1e6), flush=True)
    ping_s.close()
    t.join()
    echo.destroy()


if __name__ == '__main__':
    main()
