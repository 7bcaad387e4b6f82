"""How long a process takes to end after its program's last line, ours against CPython 3.13's.

    python3 benchmarks/exit_time.py [ROUNDS]        (any Python 3: it only starts processes)

Each program prints a line as its very last statement; the time from reading that line on the
process's stdout to the process's end is what a user waits for after the program is done. Timed
for `-c 'print(1)'` and for a pool job (examples/python/match_records.py at a small size: worker
interpreters made, used and shut down; CPython runs a ProcessPoolExecutor job of the same shape,
since it has no `interpreters`), each ROUNDS times (default 3), bin/interpreters and CPython 3.13
(from pyenv) alternately, in the same run. Also printed: the time to that line from the start, and
the load average when each round began (the figures mean little on a busy machine).
INTERPRETERS4J_LAUNCHER names another bin/interpreters to time (say, of another checkout).
"""
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.environ.get('INTERPRETERS4J_LAUNCHER') or os.path.join(HERE, '..', 'bin', 'interpreters')
MATCH = os.path.join(HERE, '..', 'examples', 'python', 'match_records.py')


def find_cpython():
    """CPython 3.13 from pyenv, or None."""
    root = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    found = sorted(glob.glob(os.path.join(root, 'versions', '3.13*', 'bin', 'python3')))
    return found[-1] if found else None


def timed(cmd):
    """(seconds to the last stdout line, seconds from it to the process's end, exit status)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    last = None
    for _ in p.stdout:
        last = time.monotonic()
    p.wait()
    end = time.monotonic()
    if last is None:
        last = end
    return last - start, end - last, p.returncode


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cpython = find_cpython()
    process_pool_job = ('from concurrent.futures import ProcessPoolExecutor\n'
                        'if __name__ == "__main__":\n'
                        '    with ProcessPoolExecutor(2) as pool:\n'
                        '        found = sum(pool.map(abs, range(-2000, 2000)))\n'
                        '    print(found)\n')
    programs = [('-c print(1)', ['-c', 'print(1)'], ['-c', 'print(1)']),
                ('a pool job (ours: match_records.py 200 2; CPython: a ProcessPoolExecutor map)',
                 [MATCH, '200', '2'], ['-c', process_pool_job])]
    # Builds the runtime first if needed, so that no round pays for it.
    subprocess.run([LAUNCHER, '-c', 'pass'], check=True, stdout=subprocess.DEVNULL)
    for name, ours, theirs in programs:
        print(name, flush=True)
        for r in range(rounds):
            for label, cmd in (('interpreters4j', [LAUNCHER] + ours), ('CPython 3.13', [cpython] + theirs if cpython else None)):
                if cmd is None:
                    continue
                load = os.getloadavg()[0]
                to_last, after, status = timed(cmd)
                print('  %-15s last line at %6.2f s, exit %.3f s after it (status %d; load %.1f)'
                      % (label, to_last, after, status, load), flush=True)


if __name__ == '__main__':
    main()
