"""How fast Interpreter.interrupt() stops running code (docs/semantics.md: within about 100 ms).

    bin/interpreters benchmarks/interrupt_latency.py [REPEATS]

For a tight loop, a sleep and a channel wait, REPEATS times each (default 20): a thread runs the
code in an interpreter, main waits until it runs, calls interrupt(), and measures the time from
that call until the run() in the other thread has ended with RunFailedError (KeyboardInterrupt).
Prints the first (while the code may still be compiling) and then p50, p90 and the maximum per
kind, and checks that the interpreter stays usable.
"""
import os
import sys
import threading
import time

import interpreters

KINDS = {
    'tight loop': 'while True:\n    pass',
    'time.sleep': 'import time\ntime.sleep(600)',
    'channel recv': 'r.recv()',
}


def once(interp, src, shared):
    ended = []

    def target():
        try:
            interp.run(src, shared=shared)
        except interpreters.RunFailedError as e:
            ended.append((time.perf_counter(), type(e.__cause__).__name__))
    t = threading.Thread(target=target)
    t.start()
    while not interp.is_running():
        time.sleep(0.001)
    time.sleep(0.05)  # let it reach its loop, sleep or wait
    start = time.perf_counter()
    interp.interrupt()
    t.join(30)
    if t.is_alive() or not ended or ended[0][1] != 'KeyboardInterrupt':
        raise SystemExit('interrupt did not stop the run: %r' % (ended,))
    interp.run('usable = True')
    return ended[0][0] - start


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print('interrupt() until the run has ended, %d times per kind; load average %.1f'
          % (repeats, os.getloadavg()[0]), flush=True)
    interp = interpreters.create()
    r, _ = interpreters.create_channel()
    for kind, src in KINDS.items():
        first = once(interp, src, {'r': r})  # the first: the code may still be compiling
        times = sorted(once(interp, src, {'r': r}) for _ in range(repeats))
        print('%-13s first %7.1f ms, then p50 %6.1f ms   p90 %6.1f ms   max %6.1f ms' % (
            kind, first * 1e3, times[len(times) // 2] * 1e3, times[int(len(times) * 0.9)] * 1e3, times[-1] * 1e3),
            flush=True)
    interp.destroy()


if __name__ == '__main__':
    main()
