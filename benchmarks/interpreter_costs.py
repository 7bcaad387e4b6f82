"""What an interpreter costs: first and later create()+run() times, RSS and threads per idle one.

    bin/interpreters benchmarks/interpreter_costs.py [N]

Reads /proc/self/status, so it needs Linux and a trusted main interpreter.
"""
import gc
import statistics
import sys
import time

import interpreters


def proc_status():
    fields = {}
    with open('/proc/self/status') as f:
        for line in f:
            key, _, value = line.partition(':')
            fields[key] = value.strip()
    return int(fields['VmRSS'].split()[0]) * 1024, int(fields['Threads'])


def timed_create_run():
    t0 = time.perf_counter()
    interp = interpreters.create()
    interp.run('pass')
    return interp, time.perf_counter() - t0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    first, first_s = timed_create_run()
    print('first create()+run(): %.0f ms' % (first_s * 1e3), flush=True)
    later = []
    for k in range(5):
        interp, s = timed_create_run()
        later.append(s)
        interp.destroy()
    print('later create()+run(): median %.0f ms over %d' % (statistics.median(later) * 1e3, len(later)), flush=True)
    gc.collect()
    rss0, threads0 = proc_status()
    idle = []
    for k in range(n):
        interp, _ = timed_create_run()
        idle.append(interp)
        if (k + 1) % 5 == 0:
            print('  %d idle interpreters alive...' % (k + 1), flush=True)
    gc.collect()
    time.sleep(1)
    rss1, threads1 = proc_status()
    print('RSS per idle interpreter: %.1f MiB (%d alive)' % ((rss1 - rss0) / n / 2 ** 20, n))
    print('threads per idle interpreter: %.2f' % ((threads1 - threads0) / n))
    for interp in idle:
        interp.destroy()
    first.destroy()
    import _interpreters4j
    print("Graal JIT:", "on" if _interpreters4j._bridge.jit() else "off (interpreted)")


if __name__ == '__main__':
    main()
