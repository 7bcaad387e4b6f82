"""What the whole-job programs beside this file share: the executor chosen by a flag, the timing
and what they print. The same code runs under CPython 3.13 and under bin/interpreters.

    PROGRAM.py SIZE [--executor serial|processes|interpreters] [--workers N] [--rounds R]

serial        every task in turn, in this process (this interpreter)
processes     concurrent.futures.ProcessPoolExecutor(N)
interpreters  interpreters.InterpreterPoolExecutor(N) (bin/interpreters), or CPython 3.14's
              concurrent.futures.InterpreterPoolExecutor
N defaults to the number of CPU cores. --rounds R runs the whole job R times on the same
executor and prints each round's time (a warm-up curve); the default is one round.

A job is split into the same tasks whatever the executor, and each task is a call of the
program's work() with plain str/int arguments, returning a str: what crosses to a worker
interpreter or process is the same data either way.

work() and its helpers are defined at the top level of the program, as a user writes them, and
the program passes them to main() itself (they live in __main__; nothing imports the program as a
module). ProcessPoolExecutor pickles work by reference (__main__.work), which its workers have (they
are forked, CPython 3.13's default on Linux). InterpreterPoolExecutor sends work() to each worker interpreter as its source, and the
pool's initializer (worker_setup(): the source of the helpers and constants work() uses) defines
what it needs in the worker's __main__, as docs/semantics.md says to. Both are evaluated from the
runtime's engine-wide shared Sources, so a kernel one worker made hot is compiled code for the
others; a function sent by reference (module:qualname) would be imported, and so compiled, by
each interpreter on its own.

Lines printed, in this order (benchmarks/coldjobs.py reads them):
    job NAME size SIZE executor EXECUTOR workers N tasks T
    round K: SECONDS s, SECONDS s since process start       (one per round)
    result: SUMMARY                                           (the same for every executor)
    job: SECONDS s for R round(s); SECONDS s since process start
"""
import inspect
import os
import sys
import time

sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # benchmarks/
from workloads import seconds_since_process_start  # noqa: E402

EXECUTORS = ('serial', 'processes', 'interpreters')


def parse_args(argv):
    args = {'executor': 'serial', 'workers': os.cpu_count() or 1, 'rounds': 1, 'size': None}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ('--executor', '--workers', '--rounds') and i + 1 < len(argv):
            args[a[2:]] = argv[i + 1] if a == '--executor' else int(argv[i + 1])
            i += 2
        elif a.startswith('--'):
            raise SystemExit('unknown option %s' % a)
        else:
            args['size'] = int(a)
            i += 1
    if args['executor'] not in EXECUTORS:
        raise SystemExit('--executor must be one of %s' % ', '.join(EXECUTORS))
    return args


class _Serial:
    """An executor that runs every call in turn, here."""

    def map(self, fn, *iterables):
        return [fn(*args) for args in zip(*iterables)]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def worker_setup(*functions, **constants):
    """Source code that defines `functions` (top-level defs, as their file has them) and
    `constants` (plain values, by repr): what a pool's initializer runs in each worker."""
    parts = ['%s = %r\n' % kv for kv in constants.items()]
    parts += [inspect.getsource(f) for f in functions]
    return '\n'.join(parts)


def executor(kind, workers, setup):
    if kind == 'serial':
        return _Serial()
    if kind == 'processes':
        from concurrent.futures import ProcessPoolExecutor
        return ProcessPoolExecutor(workers)
    try:
        import interpreters
        return interpreters.InterpreterPoolExecutor(workers, initializer=setup or None)
    except ImportError:
        from concurrent.futures import InterpreterPoolExecutor  # CPython 3.14
        return InterpreterPoolExecutor(workers, initializer=setup or None)


def main(module_name, default_size, tasks, work, summary, setup=''):
    """Runs the job of the program `module_name`: tasks(size, count) splits it, work(*task) is
    one task, summary(results) merges the results; `setup` is the source a worker interpreter
    runs first (worker_setup()). As the command line says."""
    args = parse_args(sys.argv[1:])
    size = default_size if args['size'] is None else args['size']
    # The same split whatever the executor: enough tasks to keep every core busy to the end.
    task_list = tasks(size, max(8, 2 * (os.cpu_count() or 1)))
    print('job %s size %d executor %s workers %d tasks %d'
          % (module_name, size, args['executor'], 1 if args['executor'] == 'serial' else args['workers'],
             len(task_list)), flush=True)
    t0 = time.perf_counter()
    first = None
    with executor(args['executor'], args['workers'], setup) as pool:
        for r in range(args['rounds']):
            t = time.perf_counter()
            results = list(pool.map(work, *zip(*task_list)))
            this = summary(results)
            took = time.perf_counter() - t
            print('round %d: %.3f s, %.3f s since process start' % (r + 1, took, seconds_since_process_start() or 0),
                  flush=True)
            assert first is None or this == first, 'round %d gave %r, round 1 %r' % (r + 1, this, first)
            first = this
    # Leaving the with block shut the pool down: its time is part of the job.
    took = time.perf_counter() - t0
    print('result: %s' % first)
    print('job: %.3f s for %d round(s); %.3f s since process start'
          % (took, args['rounds'], seconds_since_process_start() or 0), flush=True)
