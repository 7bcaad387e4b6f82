"""What the first calls of a fresh process cost (issue 12's targets 'run() round trip <= CPython's
from the first 1,000 calls' and 'a new interpreter's first call of code another interpreter
warmed <= 2x the warmed time'), with CPython 3.13 (pyenv) in the same run:

    bin/interpreters benchmarks/first_calls.py

1. run('x += 1') on a new interpreter: microseconds per call over calls 1-2000, in batches of 100,
   ours and CPython 3.13's subinterpreters (its private _interpreters.exec, a new process).
2. A kernel (dict and int work, a function of this file, sent as source) called 40 times in
   interpreter A, then in a new interpreter B whose __main__ has the same names as A's (as a
   pool's workers have), then in one, C, whose __main__ has other names: their first calls
   against A's warmed time. C's first call invalidates the kernel's compiled code: GraalPy caches
   the shape of a module's globals (benchmarks/deopt/main_shapes.py).
Every figure is from this process's first moments: nothing is warmed beforehand.
"""
import glob
import os
import subprocess
import sys
import time

import interpreters

CPYTHON_RUN = r'''
import _interpreters, time
i = _interpreters.create()
_interpreters.exec(i, 'x = 0')
per = []
for b in range(20):
    t = time.perf_counter()
    for _ in range(100):
        _interpreters.exec(i, 'x += 1')
    per.append((time.perf_counter() - t) / 100 * 1e6)
print(' '.join('%.0f' % x for x in per))
'''


def kernel(n):
    d = {}
    s = 0
    for i in range(n):
        s = (s * 31 + i) % 1000003
        d[i % 97] = s
    return s + len(d)


def batches(run):
    per = []
    for _ in range(20):
        t = time.perf_counter()
        for _ in range(100):
            run('x += 1')
        per.append((time.perf_counter() - t) / 100 * 1e6)
    return per


def main():
    t0 = time.perf_counter()
    print('load average at start: %.1f' % os.getloadavg()[0])
    a = interpreters.create()
    a.run('x = 0')
    ours = batches(a.run)
    print('run() round trip, us per call, batches of 100 (calls 1-2000)')
    print('  interpreters4j:', ' '.join('%.0f' % x for x in ours))
    cpython = sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/3.13*/bin/python3')))
    theirs = None
    if cpython:
        out = subprocess.run([cpython[-1], '-c', CPYTHON_RUN], capture_output=True, text=True).stdout.split()
        theirs = [float(x) for x in out]
        print('  CPython 3.13:  ', ' '.join('%.0f' % x for x in theirs))
    mean = sum(ours[:10]) / 10
    print('  mean over calls 1-1000: ours %.0f us%s' % (
        mean, ', CPython %.0f us (ratio %.2f)' % (sum(theirs[:10]) / 10, mean / (sum(theirs[:10]) / 10)) if theirs else ''))
    rounds = []
    for _ in range(40):
        t = time.perf_counter()
        a.call(kernel, 200_000)
        rounds.append((time.perf_counter() - t) * 1e3)
    print('kernel(200000) in interpreter A, ms per call 1-40:', ' '.join('%.1f' % x for x in rounds))
    warm = min(rounds[-10:])
    for name, setup, names in (('B', 'x = 0', "A's"), ('C', 'pass', 'other')):
        b = interpreters.create()
        b.run(setup)
        firsts = []
        for _ in range(3):
            t = time.perf_counter()
            b.call(kernel, 200_000)
            firsts.append((time.perf_counter() - t) * 1e3)
        print('kernel in a new interpreter %s (%s global names), calls 1-3: %s ms; A warmed: %.1f ms; '
              '%s\'s first / A warmed: %.1fx'
              % (name, names, ' '.join('%.1f' % x for x in firsts), warm, name, firsts[0] / warm))
    print('done %.1f s after the program started; load average %.1f' % (time.perf_counter() - t0, os.getloadavg()[0]))


main()
