"""Pairwise record matching, the kind of pure-Python CPU job people reach for multiprocessing for.

It finds near-duplicate customer records (typos in names, streets and cities) by comparing every
pair with a character-trigram similarity. The functions below are ordinary functions of this
program, defined right here; with multiprocessing they must be pickled by reference, which fails
for lambdas and for functions defined in a notebook ("Can't pickle <lambda>", "attribute lookup
on __main__ failed"). Here an interpreters.InterpreterPoolExecutor gives each worker interpreter
their *source* once, and the records as one str: no pickling at all.

    bin/interpreters examples/python/match_records.py [RECORDS] [WORKERS]

RECORDS defaults to 2000 (about two million pairs), WORKERS to the number of CPU cores. It prints
the pairs found, the time on one interpreter and on WORKERS interpreters, and the speed-up.

How it measures: the pool's interpreters are long-lived, and each one compiles hot code with the
JIT by itself (compiled code is not shared between interpreters). So the program warms every
worker up until its speed is steady, and then times the whole job as one task (one interpreter)
and as WORKERS tasks (all of them), alternately, twice each, keeping the best time of each. Run it on an otherwise idle machine: other processes on the same cores change the speed-up.
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


def run_job(pool, text, shares, sample=1):
    """Matches all pairs of records in `shares` tasks on the pool; the sorted pairs.

    With sample=k, only every k-th row of each share is done (for the warm-up).
    """
    step = shares * sample
    parts = pool.map(match_share, [text] * shares, range(shares), [step] * shares, [THRESHOLD_PERCENT] * shares)
    pairs = []
    for part in parts:
        if part:
            pairs.extend(tuple(map(int, p.split(','))) for p in part.split(';'))
    return sorted(pairs)


def warm_up(pool, text, workers, max_rounds=12):
    """Runs a sample of the job (one row in 8) until a round is no faster than the best before."""
    rounds, best = 0, None
    start = time.perf_counter()
    while rounds < max_rounds:
        t = time.perf_counter()
        run_job(pool, text, workers, sample=8)
        took = time.perf_counter() - t
        rounds += 1
        if best is not None and rounds >= 3 and took > 0.9 * best:
            break
        best = took if best is None else min(best, took)
    return rounds, time.perf_counter() - start


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    cores = os.cpu_count() or 1
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else cores
    records = make_records(n)
    print('matching %d records (%d pairs) on 1 and on %d interpreters (%d CPU cores)'
          % (n, n * (n - 1) // 2, workers, cores), flush=True)

    text = '\n'.join(records)
    with interpreters.InterpreterPoolExecutor(workers, initializer=WORKER_SETUP) as pool:
        rounds, warm = warm_up(pool, text, workers)
        print('warm-up: %d rounds, %.1f s (every interpreter JIT-compiles the functions itself)'
              % (rounds, warm), flush=True)

        times_one, times_many = [], []
        for _ in range(2):                   # alternate, so that neither side gets a warmer JIT
            t = time.perf_counter()
            one = run_job(pool, text, 1)     # the whole job as one task: one interpreter
            times_one.append(time.perf_counter() - t)
            t = time.perf_counter()
            many = run_job(pool, text, workers)
            times_many.append(time.perf_counter() - t)
            assert one == many, 'parallel result differs from the single-interpreter result'

    print('near-duplicate pairs found: %d' % len(many))
    for i, j in [p for p in many if records[p[0]] != records[p[1]]][:3]:
        print('  %-44r ~ %r' % (records[i], records[j]))
    one_s, many_s = min(times_one), min(times_many)
    print('1 interpreter:  %.2f s' % one_s)
    print('%d interpreters: %.2f s' % (workers, many_s))
    print('speed-up: %.2fx' % (one_s / many_s))


if __name__ == '__main__':
    main()
