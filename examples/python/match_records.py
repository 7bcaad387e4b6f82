"""Pairwise record matching, the kind of pure-Python CPU job people reach for multiprocessing for.

It finds near-duplicate customer records (typos in names, streets and cities) by comparing every
pair with a character-trigram similarity. The functions below are ordinary functions of this
program, defined right here; with multiprocessing they must be pickled by reference, which fails
for lambdas and for functions defined in a notebook ("Can't pickle <lambda>", "attribute lookup
on __main__ failed"). Here an interpreters.InterpreterPoolExecutor gives each worker interpreter
their *source* once, and the records as one str: no pickling at all.

    bin/interpreters examples/python/match_records.py [RECORDS] [WORKERS]

RECORDS defaults to 2000 (about two million pairs), WORKERS to the number of CPU cores. It prints
the pairs found; the time of the whole job on a first pool of WORKERS interpreters, then on a new
pool of one interpreter, then on a new pool of WORKERS again; the speed-up of the last two, with
the share of the cores that the JIT's compiler threads took meanwhile (on interpreters4j: on few
cores, a compiler still busy with the program's code is why that speed-up stays low); and the
time of the whole process so far, from its start (with what the launcher, the JVM and the
runtime took before this program ran).

How it measures: what a user feels. Each time is the whole job: creating the pool, its
interpreters running the functions, the job, and the pool's shutdown. The first pool is cold: its
interpreters compile the functions as they run them. The functions are sent as source, which the
runtime shares between interpreters, so the later pools' new interpreters run the code the first
pool compiled from their first call: those two are new interpreters on warm code, and their
speed-up compares like with like. The job is one task per interpreter, the rows interleaved.
benchmarks/coldjobs.py compares such whole jobs, each a new process, with CPython's.
"""
import inspect
import os
import random
import sys
import time

import interpreters


def make_records(n, seed=7):
    """n synthetic records; about a fifth of them are copies of earlier ones with a typo."""
    rng = random.Random(seed)
    first = ['anna', 'bernd', 'carla', 'dmitri', 'elena', 'farid', 'greta', 'hiro', 'ines', 'jonas', 'kemal', 'lena']
    last = ['schmidt', 'garcia', 'novak', 'tanaka', 'okafor', 'larsen', 'rossi', 'dubois', 'kowalski', 'silva']
    street = ['mill lane', 'station road', 'church street', 'park avenue', 'high street', 'river walk']
    city = ['berlin', 'lisbon', 'osaka', 'lagos', 'oslo', 'milan', 'lyon', 'krakow', 'porto', 'munich']
    records = []
    for _ in range(n):
        if records and rng.random() < 0.2:
            base = rng.choice(records)
            pos = rng.randrange(len(base))
            records.append(base[:pos] + rng.choice('aeiouxz') + base[pos + 1:])
        else:
            records.append('%s %s, %d %s, %s' % (rng.choice(first), rng.choice(last), rng.randint(1, 99),
                                                  rng.choice(street), rng.choice(city)))
    return records


def trigrams(text):
    padded = '  ' + text.lower() + ' '
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """Jaccard similarity of two trigram sets."""
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def match_rows(records, rows, threshold):
    """Pairs (i, j), i in rows, j > i, whose similarity is at least threshold."""
    grams = [trigrams(r) for r in records]
    found = []
    for i in rows:
        gi = grams[i]
        for j in range(i + 1, len(records)):
            if similarity(gi, grams[j]) >= threshold:
                found.append((i, j))
    return found


THRESHOLD_PERCENT = 60
# What every worker interpreter is given once, by the pool's initializer: the functions above.
WORKER_SETUP = '\n\n'.join(inspect.getsource(f) for f in (trigrams, similarity, match_rows))


def match_share(text, first, step, threshold_percent):
    """One task: the rows first, first + step, ... of the records, against every later row.

    Interleaved rows balance the triangle of pairs. The pool sends this function to each worker
    as source, once; its arguments and its result are plain str and int.
    """
    records = text.split('\n')
    pairs = match_rows(records, range(first, len(records), step), threshold_percent / 100)
    return ';'.join('%d,%d' % p for p in pairs)


def run_job(pool, text, shares):
    """Matches all pairs of records in `shares` tasks on the pool; the sorted pairs."""
    parts = pool.map(match_share, [text] * shares, range(shares), [shares] * shares, [THRESHOLD_PERCENT] * shares)
    pairs = []
    for part in parts:
        if part:
            pairs.extend(tuple(map(int, p.split(','))) for p in part.split(';'))
    return sorted(pairs)


def pool_job(text, workers):
    """The whole job on a new pool of `workers` interpreters, from creating the pool to its shutdown:
    (seconds, pairs). The pool's interpreters are new; the code is compiled by the first pool that
    runs it and shared with the later ones."""
    t = time.perf_counter()
    with interpreters.InterpreterPoolExecutor(workers, initializer=WORKER_SETUP) as pool:
        pairs = run_job(pool, text, workers)
    return time.perf_counter() - t, pairs


def proc_stat(path):
    """The fields of a /proc stat file (a process's or a thread's) as proc(5) numbers them: field
    n is the item n, 2 the command name. The name may hold spaces and parentheses, so the fields
    after it are counted from its closing parenthesis. Raises OSError where there is no such file."""
    with open(path) as f:
        stat = f.read()
    name_end = stat.rindex(')')
    return [None, stat[:stat.index(' ')], stat[stat.index('(') + 1:name_end]] + stat[name_end + 2:].split()


def seconds_since_process_start():
    """Seconds since this process started (Linux: /proc, 10 ms resolution); None elsewhere.
    Under bin/interpreters that includes the JVM's start and the runtime's set-up."""
    try:
        start_ticks = int(proc_stat('/proc/self/stat')[22])
        with open('/proc/uptime') as f:
            uptime = float(f.read().split()[0])
    except OSError:
        return None
    return uptime - start_ticks / os.sysconf('SC_CLK_TCK')


def jit_cpu_seconds():
    """CPU seconds this process's JIT compiler threads have used (the JVM's C1 and C2, which also
    compile the Graal compiler, and Truffle's, which compiles Python), from /proc; None where there
    are none (CPython) or no /proc."""
    try:
        tasks = os.listdir('/proc/self/task')
    except OSError:
        return None
    ticks, found = 0, False
    for task in tasks:
        try:
            stat = proc_stat('/proc/self/task/%s/stat' % task)
        except OSError:
            continue  # the thread ended meanwhile
        if stat[2].startswith(('C1 Compiler', 'C2 Compiler', 'TruffleCompiler')):
            ticks += int(stat[14]) + int(stat[15])  # utime + stime
            found = True
    return ticks / os.sysconf('SC_CLK_TCK') if found else None


def main():
    before_main = seconds_since_process_start()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    cores = os.cpu_count() or 1
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else cores
    records = make_records(n)
    print('matching %d records (%d pairs) on %d interpreters, then on 1, then on %d again (%d CPU cores)'
          % (n, n * (n - 1) // 2, workers, workers, cores), flush=True)

    text = '\n'.join(records)
    cold_s, many = pool_job(text, workers)  # the first pool: its interpreters compile the code
    one_s, one = pool_job(text, 1)          # new interpreters from here on, on the shared code
    jit_before = jit_cpu_seconds()
    many_s, again = pool_job(text, workers)
    jit_after = jit_cpu_seconds()
    assert one == many == again, 'parallel result differs from the single-interpreter result'

    print('near-duplicate pairs found: %d' % len(many))
    for i, j in [p for p in many if records[p[0]] != records[p[1]]][:3]:
        print('  %-44r ~ %r' % (records[i], records[j]))
    print('on %d interpreters, the first pool (cold code): %.2f s' % (workers, cold_s))
    print('on 1 interpreter, a new pool (shared code): %.2f s' % one_s)
    print('on %d interpreters, a new pool (shared code): %.2f s' % (workers, many_s))
    speed_up = 'speed-up of the new pools: %.2fx' % (one_s / many_s)
    if jit_before is not None and jit_after is not None:
        speed_up += ' (the JIT compilers took %.2f of the %d cores meanwhile)' % ((jit_after - jit_before) / many_s, cores)
    print(speed_up)
    total = seconds_since_process_start()
    if total is None:
        print('whole process: not known on this system')
    else:
        print('whole process so far: %.2f s since it started, %.2f s of it before this program ran'
              % (total, before_main))


if __name__ == '__main__':
    main()
