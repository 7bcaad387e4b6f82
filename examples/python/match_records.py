"""Pairwise record matching, the kind of pure-Python CPU job people reach for multiprocessing for.

It finds near-duplicate customer records (names and cities with typos) by comparing every pair
with a character-trigram similarity. The functions below are ordinary functions of this program,
defined right here; with multiprocessing they must be pickled by reference, which fails for
lambdas and for functions defined in a notebook ("Can't pickle <lambda>", "attribute lookup on
__main__ failed"). Here each worker interpreter gets their *source* once, and the records as one
str: no pickling at all.

    bin/interpreters examples/python/match_records.py [RECORDS] [WORKERS]
"""
import inspect
import random
import sys
import threading
import time

import interpreters


def make_records(n, seed=7):
    """n synthetic records, a fifth of them noisy copies of others."""
    rng = random.Random(seed)
    first = ['anna', 'bernd', 'carla', 'dmitri', 'elena', 'farid', 'greta', 'hiro', 'ines', 'jonas', 'kemal', 'lena']
    last = ['schmidt', 'garcia', 'novak', 'tanaka', 'okafor', 'larsen', 'rossi', 'dubois', 'kowalski', 'silva']
    city = ['berlin', 'lisbon', 'osaka', 'lagos', 'oslo', 'milan', 'lyon', 'krakow', 'porto', 'munich']
    records = []
    for i in range(n):
        if records and rng.random() < 0.2:
            base = rng.choice(records)
            pos = rng.randrange(len(base))
            records.append(base[:pos] + rng.choice('aeiouxz') + base[pos + 1:])
        else:
            records.append('%s %s, %s' % (rng.choice(first), rng.choice(last), rng.choice(city)))
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


WORKER_SETUP = '\n\n'.join(inspect.getsource(f) for f in (trigrams, similarity, match_rows))
WORKER_JOB = '''
records = text.split('\\n')
rows = range(first, len(records), step)   # interleaved rows balance the triangle of pairs
pairs = match_rows(records, rows, 0.6)
out.send(';'.join('%d,%d' % p for p in pairs))
'''


def run_parallel(records, workers):
    interps = [interpreters.create() for _ in range(workers)]
    for interp in interps:
        interp.run(WORKER_SETUP)
    r, s = interpreters.create_channel()
    text = '\n'.join(records)
    threads = [threading.Thread(target=interp.run, args=(WORKER_JOB,),
                                kwargs={'shared': dict(text=text, first=k, step=workers, out=s)})
               for k, interp in enumerate(interps)]
    for t in threads:
        t.start()
    pairs = []
    for _ in interps:
        part = r.recv()
        if part:
            pairs.extend(tuple(map(int, p.split(','))) for p in part.split(';'))
    for t in threads:
        t.join()
    for interp in interps:
        interp.destroy()
    return sorted(pairs)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    records = make_records(n)
    print('matching %d records (%d pairs) on %d interpreters' % (n, n * (n - 1) // 2, workers), flush=True)
    run_parallel(records[:300], workers)  # warm-up: let the JIT compile the kernel in every worker
    t0 = time.perf_counter()
    one = run_parallel(records, 1)
    t1 = time.perf_counter()
    many = run_parallel(records, workers)
    t2 = time.perf_counter()
    assert one == many, 'parallel result differs from the single-interpreter result'
    print('near-duplicate pairs found: %d' % len(many))
    for i, j in many[:3]:
        print('  %-30r ~ %r' % (records[i], records[j]))
    print('1 interpreter:  %.2f s' % (t1 - t0))
    print('%d interpreters: %.2f s' % (workers, t2 - t1))
    print('speed-up: %.2fx' % ((t1 - t0) / (t2 - t1)))


if __name__ == '__main__':
    main()
