"""Rounds of one workload in one cold process: the time of each round, for warm-up curves.

    bin/interpreters benchmarks/deopt/rounds.py WORKLOAD [ROUNDS] [SIZE]
    python3.13 benchmarks/deopt/rounds.py WORKLOAD [ROUNDS] [SIZE]

WORKLOAD is one of match (trigram-set similarity of records, match_records.py's kernel), bigint
(a sum of squares that passes 2**63), words (dict counting of words). Each round runs the same
work from the same input and prints its wall seconds, the CPU seconds of the thread that runs it
(what the code costs, whatever else the machine runs), the CPU seconds of the whole process (the
JIT compiler's threads too) and a checksum; the first round is the cold one.
Plain Python, the same for CPython and interpreters4j (it runs in the main interpreter).
"""
import random
import sys
import time


def make_records(n, seed=7):
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
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def match_rows(records, rows, threshold):
    grams = [trigrams(r) for r in records]
    found = []
    for i in rows:
        gi = grams[i]
        for j in range(i + 1, len(records)):
            if similarity(gi, grams[j]) >= threshold:
                found.append((i, j))
    return found


def match(records):
    return len(match_rows(records, range(len(records)), 0.6))


def bigint(n):
    return sum(i * i for i in range(n)) % 1000003


def make_words(n, seed=11):
    rng = random.Random(seed)
    vocab = [''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rng.randint(2, 9)))
             for _ in range(5000)]
    return ' '.join(rng.choice(vocab) for _ in range(n))


def words(text):
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return len(counts) + sum(c for _, c in top)


# name: (the round, the input made once before the first round from SIZE, default SIZE)
WORKLOADS = {'match': (match, make_records, 1000),
             'bigint': (bigint, int, 5_000_000),
             'words': (words, make_words, 1_000_000)}


def process_cpu():
    """CPU seconds of the whole process (all threads: the JIT compiler's too) from /proc.

    Not time.process_time(): GraalPy 25.0 returns wall time minus sleeps there."""
    try:
        with open('/proc/self/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100.0   # utime + stime, in ticks of 1/100 s
    except OSError:
        return time.process_time()


def main():
    name = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    fn, setup, size = WORKLOADS[name]
    if len(sys.argv) > 3:
        size = int(sys.argv[3])
    data = setup(size)
    times, cpu, proc = [], [], []
    for r in range(rounds):
        t0, c0, p0 = time.perf_counter(), time.thread_time(), process_cpu()
        check = fn(data)
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        proc.append(process_cpu() - p0)
        print('round %d: %.3f s, CPU of this thread %.3f s, of the process %.3f s (check %d)'
              % (r + 1, times[-1], cpu[-1], proc[-1], check), flush=True)
    print('%s %d wall: %s' % (name, size, ' '.join('%.2f' % t for t in times)))
    print('%s %d thread CPU: %s' % (name, size, ' '.join('%.2f' % t for t in cpu)))
    print('%s %d process CPU: %s' % (name, size, ' '.join('%.2f' % t for t in proc)))


if __name__ == '__main__':
    main()
