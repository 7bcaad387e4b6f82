"""Round trip of one small message between two interpreters over two unbuffered channels.

    bin/interpreters benchmarks/channel_pingpong.py [ROUND_TRIPS_PER_ROUND]

Rounds of round trips until the p50 settles (the Graal JIT compiles the path meanwhile: tens of
seconds on 2 cores), then p50/p99/max of the last round. A waiting side spins briefly, then
parks: nothing polls.
"""
import sys

from workloads import Progress, echo_pingpong, percentile


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    lat, rounds, warm = echo_pingpong(n, Progress('pingpong'), 30.0, 90.0)
    print('after %d rounds (%.0f s): %d round trips: p50 %.1f us  p99 %.1f us  max %.1f us' % (
        rounds, warm, n, percentile(lat, 0.5) * 1e6, percentile(lat, 0.99) * 1e6, lat[-1] * 1e6), flush=True)


if __name__ == '__main__':
    main()
