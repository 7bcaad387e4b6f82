"""A generator's loop, OSR-compiled, leaves compiled code through a deoptimisation at every yield.

    bin/interpreters benchmarks/deopt/genexpr_osr.py          (or: graalpy genexpr_osr.py)

with tracing (see README.md in this folder):

    INTERPRETERS4J_JAVA_OPTS='-Dpolyglot.engine.AllowExperimentalOptions=true
        -Dpolyglot.engine.TraceCompilation=true -Dpolyglot.engine.TraceTransferToInterpreter=true
        -Dpolyglot.log.file=/tmp/genexpr.log' bin/interpreters benchmarks/deopt/genexpr_osr.py
    grep -c 'opt deopt.*<genexpr>.*OSR' /tmp/genexpr.log
"""
import time


def squares(n):
    return sum(i * i for i in range(n))


for r in range(1, 7):
    t0, c0 = time.perf_counter(), time.thread_time()
    squares(2_000_000)
    print('round %d: %.3f s, CPU %.3f s' % (r, time.perf_counter() - t0, time.thread_time() - c0), flush=True)
