"""Reproduction: a function that interpreter A made hot is invalidated by the first call of another
interpreter whose __main__ holds other global names.

    bin/interpreters benchmarks/deopt/main_shapes.py [same|differ]

Every interpreter runs the same compiled code for a function sent by source (SharedSources), but
GraalPy keeps a module's globals as the properties of an object, and the code that reads a global
(`range` here) caches the *shape* of that object: the set and order of the module's names. B's
__main__ has another shape than A's when their names differ ('differ': A also holds `x`), so B's
first call misses the cache, the compiled code is invalidated (for A too) and queued again, and B
runs the function in the interpreter until it is recompiled, which takes long when the compile
queue is busy (as in a program's first seconds). With the same names in the same order ('same')
B's first call runs the compiled code.

Prints B's first three calls against A's warmed time. To see the invalidation, add
INTERPRETERS4J_JAVA_OPTS='-Dpolyglot.engine.AllowExperimentalOptions=true
-Dpolyglot.engine.TraceTransferToInterpreter=true -Dpolyglot.log.file=/tmp/t.log': the
transferToInterpreter in `kernel` goes through ReadGlobalOrBuiltinNode.readGlobal ->
GetDictIfExistsNode -> HiddenAttr.ReadNode -> DynamicObjectLibrary's cached dispatch.
GraalPy 25.0.3; the cache is polymorphic, so each new shape costs one invalidation until its limit.
"""
import sys
import time

import interpreters


def kernel(n):
    d = {}
    s = 0
    for i in range(n):
        s = (s * 31 + i) % 1000003
        d[i % 97] = s
    return s + len(d)


def ms(f, *args):
    t = time.perf_counter()
    f(*args)
    return (time.perf_counter() - t) * 1e3


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else 'differ'
    if mode not in ('same', 'differ'):
        sys.exit('usage: main_shapes.py [same|differ]')
    a = interpreters.create()
    a.run('x = 0' if mode == 'differ' else 'pass')
    warm = [ms(a.call, kernel, 200_000) for _ in range(40)]
    b = interpreters.create()
    b.run('pass')
    firsts = [ms(b.call, kernel, 200_000) for _ in range(3)]
    print('%s: A warmed %.1f ms; B calls 1-3: %s ms' % (mode, min(warm[-10:]), ' '.join('%.1f' % x for x in firsts)))


main()
