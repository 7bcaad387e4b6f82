"""Whole job, set/str matching: near-duplicate records by the Jaccard similarity of their
character-trigram sets, every pair compared (the README's kind of job, match_records.py's kernel).

    python3 match_job.py RECORDS [--executor serial|processes|interpreters] [--workers N] [--rounds R]
    bin/interpreters match_job.py RECORDS --executor interpreters

Work grows with RECORDS squared. The records are made here and sent to every task as one str;
task k compares the rows k, k + T, k + 2T, ... with every later row.
"""
import random

import jobkit


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


def work(text, first, step):
    """Pairs (i, j), i in first, first + step, ..., j > i, with similarity >= 0.6, as 'i,j;...'."""
    records = text.split('\n')
    grams = [trigrams(r) for r in records]
    found = []
    for i in range(first, len(records), step):
        gi = grams[i]
        li = len(gi)
        for j in range(i + 1, len(records)):
            gj = grams[j]
            shared = len(gi & gj)
            if shared / (li + len(gj) - shared) >= 0.6:
                found.append('%d,%d' % (i, j))
    return ';'.join(found)


# What each worker interpreter defines once (the pool's initializer): the helper work() calls.
WORKER_SETUP = jobkit.worker_setup(trigrams)


def tasks(size, count):
    text = '\n'.join(make_records(size))
    return [(text, k, count) for k in range(count)]


def summary(results):
    pairs = [p for r in results if r for p in r.split(';')]
    return '%d pairs, first %s' % (len(pairs), min(pairs, key=lambda p: tuple(map(int, p.split(',')))) if pairs else '-')


if __name__ == '__main__':
    jobkit.main('match_job', 1100, tasks, work, summary, WORKER_SETUP)
