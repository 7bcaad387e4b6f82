"""Workloads and timing helpers shared by the interpreters4j benchmarks (suite.py,
channel_pingpong.py) and the CPython baseline (cpython_baseline.py).

Plain Python, importable by both; the kernel travels to interpreters as source text.
"""
import time

# A pure-Python kernel: integer arithmetic, a dict, a list and string building, the mix of a
# typical pure-Python loop. kernel(KERNEL_N) takes about 0.1-0.2 s on CPython 3.13 here.
KERNEL_SRC = '''
def kernel(n):
    acc = 0
    buckets = {}
    words = []
    for i in range(n):
        k = i % 97
        buckets[k] = buckets.get(k, 0) + i
        acc = ((acc * 31) ^ i ^ (acc >> 3)) & 0xFFFFFFFF
        if i % 1000 == 0:
            words.append(str(acc)[-3:])
    return acc + sum(buckets.values()) + len(''.join(words))
'''
KERNEL_N = 300_000

# Timing loop run inside an interpreter: `rounds` kernel calls, each timed; the list of seconds is
# what the caller reads back.
TIMED_ROUNDS_SRC = '''
import time as _t
def timed_rounds(rounds, n):
    out = []
    for _ in range(rounds):
        t0 = _t.perf_counter()
        kernel(n)
        out.append(_t.perf_counter() - t0)
    return out
'''


def seconds_since_process_start():
    """Seconds since this process was started (exec'd), from /proc (Linux; 10 ms resolution); None
    elsewhere. Under bin/interpreters that is the launcher script's start, before the JVM's."""
    import os
    try:
        with open('/proc/self/stat') as f:
            stat = f.read()
        with open('/proc/uptime') as f:
            uptime = float(f.read().split()[0])
    except OSError:
        return None
    start_ticks = int(stat[stat.rindex(')') + 2:].split()[19])  # field 22, starttime
    return uptime - start_ticks / os.sysconf('SC_CLK_TCK')


def check_arguments(doc, flags=(), options=()):
    """A benchmark's command line: -h/--help prints its docstring `doc` and exits; an argument it
    does not know (not one of `flags`, nor one of `options` followed by a value) exits with its
    usage line (the docstring's first indented line) and status 2, instead of being ignored."""
    import sys
    args = sys.argv[1:]
    if '-h' in args or '--help' in args:
        print(doc.strip())
        sys.exit(0)
    usage = next((line.strip() for line in doc.splitlines() if line.startswith('    ')), '')
    i = 0
    while i < len(args):
        if args[i] in options and i + 1 < len(args):
            i += 2
        elif args[i] in flags:
            i += 1
        else:
            problem = '%s needs a value' % args[i] if args[i] in options else 'unknown argument %r' % args[i]
            print('%s\nusage: %s\n(--help for more)' % (problem, usage), file=sys.stderr)
            sys.exit(2)


def find_cpython(argv):
    """The CPython 3.13 to compare with: --python PATH in argv, else the newest 3.13 of pyenv."""
    import glob
    import os
    import subprocess
    if '--python' in argv:
        return argv[argv.index('--python') + 1]
    try:
        root = subprocess.run(['pyenv', 'root'], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        root = os.path.expanduser('~/.pyenv')
    found = sorted(glob.glob(os.path.join(root, 'versions', '3.13*', 'bin', 'python3')))
    return found[-1] if found else None


def timed(fn, n):
    """The seconds of n calls of fn(), sorted."""
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    out.sort()
    return out


def run_together(fns):
    """Seconds from starting each of fns on a thread of its own until the last has returned."""
    import threading
    threads = [threading.Thread(target=fn) for fn in fns]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def echo_pingpong(n, say, min_seconds, max_seconds):
    """interpreters4j only: round trips of one int to an echoing interpreter over two channels, in
    rounds of n until steady (see until_steady); returns (last round sorted, rounds, seconds)."""
    import threading
    import interpreters
    echo = interpreters.create()
    ping_r, ping_s = interpreters.create_channel()
    pong_r, pong_s = interpreters.create_channel()
    t = threading.Thread(target=echo.run, args=('for v in ping:\n    pong.send(v)',),
                         kwargs={'shared': {'ping': ping_r, 'pong': pong_s}})
    t.start()
    try:
        return until_steady(lambda: sorted(round_trips(ping_s.send, pong_r.recv, n)), say, min_seconds, max_seconds)
    finally:
        ping_s.close()
        t.join()
        echo.destroy()


def queue_echo_pingpong(n, say, min_seconds, max_seconds):
    """interpreters4j only: round trips of one int to an echoing interpreter over two
    concurrent.interpreters queues (CPython 3.14's API), in rounds of n until steady; returns
    (last round sorted, rounds, seconds), as echo_pingpong does for channels."""
    import threading
    from concurrent import interpreters
    echo = interpreters.create()
    ping, pong = interpreters.create_queue(), interpreters.create_queue()
    echo.prepare_main(ping=ping, pong=pong)
    t = threading.Thread(target=echo.exec, args=('while (v := ping.get()) is not None:\n    pong.put(v)',))
    t.start()
    try:
        return until_steady(lambda: sorted(round_trips(ping.put, pong.get, n)), say, min_seconds, max_seconds)
    finally:
        ping.put(None)
        t.join()
        echo.close()


def round_trips(send, recv, n):
    """The seconds of n round trips, in order: send(i), then recv() of the echo."""
    lat = []
    for i in range(n):
        t0 = time.perf_counter()
        send(i)
        recv()
        lat.append(time.perf_counter() - t0)
    return lat


def until_steady(measure, say, min_seconds=30.0, max_seconds=90.0, tolerance=0.10):
    """Repeats measure() (a sorted list of seconds) until its p50 has settled, then returns the last
    round, the number of rounds and the seconds spent. A JIT runtime needs this: the first rounds
    run while the Graal compiler, itself warming up, compiles the path, and on 2 cores a round
    trip takes tens of seconds to reach its floor (plateaus on the way, hence min_seconds).
    Settled: at least min_seconds spent and the last three p50s within `tolerance` of their mean;
    or max_seconds spent. A round is reported through say() every 2 s, so a warm-up is never silent."""
    t0 = time.perf_counter()
    said = t0
    p50s = []
    rnd = 0
    while True:
        lat = measure()
        rnd += 1
        p50s.append(percentile(lat, 0.5))
        last = p50s[-3:]
        mean = sum(last) / len(last)
        elapsed = time.perf_counter() - t0
        settled = elapsed >= min_seconds and len(last) == 3 and all(abs(v - mean) <= tolerance * mean for v in last)
        done = settled or elapsed >= max_seconds
        if done or time.perf_counter() - said >= 2.0:
            said = time.perf_counter()
            say('  round %d: p50 %.1f us%s' % (rnd, p50s[-1] * 1e6, ' (settled)' if settled else ''))
        if done:
            return lat, rnd, elapsed


def compiler_cpu_seconds():
    """CPU seconds the JVM's compiler threads (Truffle's, C1, C2) have used so far; 0 outside a
    JVM. Linux: read from /proc/self/task/*/stat."""
    import os
    tick = os.sysconf('SC_CLK_TCK')
    total = 0
    try:
        tids = os.listdir('/proc/self/task')
    except OSError:
        return 0.0
    for tid in tids:
        try:
            with open('/proc/self/task/%s/stat' % tid) as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        if 'Compiler' in stat[stat.index('(') + 1:stat.rindex(')')]:
            fields = stat[stat.rindex(')') + 2:].split()
            total += int(fields[11]) + int(fields[12])
    return total / tick


def await_quiet_compiler(limit, say=None):
    """Waits (at most `limit` seconds) until the compiler threads used under 5% of a core over the
    last second: on 2 cores a compiling JIT takes a core from whatever is being timed. Returns the
    seconds waited, or None if it never went quiet."""
    t0 = time.perf_counter()
    last = compiler_cpu_seconds()
    while time.perf_counter() - t0 < limit:
        time.sleep(1.0)
        now = compiler_cpu_seconds()
        if now - last < 0.05:
            return time.perf_counter() - t0
        last = now
    if say:
        say('  (the JIT was still compiling after %.0f s)' % limit)
    return None


def percentile(sorted_values, q):
    if not sorted_values:
        return float('nan')
    i = min(len(sorted_values) - 1, int(len(sorted_values) * q))
    return sorted_values[i]


def proc_status(pid='self'):
    """(RSS bytes, threads) from /proc (Linux)."""
    fields = {}
    with open('/proc/%s/status' % pid) as f:
        for line in f:
            key, _, value = line.partition(':')
            fields[key] = value.strip()
    return int(fields['VmRSS'].split()[0]) * 1024, int(fields['Threads'])


class Progress:
    """Prints what is being measured, with the time since the start, to stderr."""

    def __init__(self, who):
        import sys
        self.who = who
        self.t0 = time.perf_counter()
        self.err = sys.stderr

    def __call__(self, what):
        s = time.perf_counter() - self.t0
        print('[%3d:%02d %s] %s' % (s // 60, s % 60, self.who, what), file=self.err, flush=True)
