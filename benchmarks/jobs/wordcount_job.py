"""Whole job, dict/str counting: word counts over SIZE lines of generated text (made in each
task from its line numbers, as if read from a file), case and punctuation folded.

    python3 wordcount_job.py LINES [--executor serial|processes|interpreters] [--workers N] [--rounds R]

Work grows with LINES. Task k makes and counts the lines k, k + T, k + 2T, ...; each returns its
counts as 'word count' lines, merged here.
"""
import jobkit

SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'an', 'el', 'is', 'or', 'ux', 'be', 'da', 'fe']
PUNCT = ['', '', '', '', ',', '.', ';', '!', '?', ':']


def vocabulary():
    """2,000 words of 1-3 syllables, some capitalised."""
    words = []
    n = len(SYLLABLES)
    for k in range(2000):
        parts = [SYLLABLES[k % n]]
        if k >= n:
            parts.append(SYLLABLES[(k // n) % n])
        if k >= n * n:
            parts.append(SYLLABLES[(k // (n * n)) % n])
        w = ''.join(parts)
        words.append(w.capitalize() if k % 7 == 0 else w)
    return words


def work(first, stop, step):
    words = vocabulary()
    v = len(words)
    counts = {}
    for line_no in range(first, stop, step):
        h = line_no * 2654435761 % 4294967296
        out = []
        for j in range(12):
            h = (h * 1103515245 + 12345) % 2147483648
            # A skewed choice: low indexes (frequent words) are picked far more often.
            out.append(words[(h >> 8) % (1 + (h >> 4) % v)] + PUNCT[h % 10])
        line = ' '.join(out)
        for w in line.split():
            w = w.strip(',.;!?:').lower()
            if w:
                counts[w] = counts.get(w, 0) + 1
    return '\n'.join('%s %d' % kv for kv in counts.items())


# What each worker interpreter defines once (the pool's initializer): what work() uses.
WORKER_SETUP = jobkit.worker_setup(vocabulary, SYLLABLES=SYLLABLES, PUNCT=PUNCT)


def tasks(size, count):
    return [(k, size, count) for k in range(count)]


def summary(results):
    total = {}
    for r in results:
        for line in r.split('\n'):
            w, _, c = line.partition(' ')
            total[w] = total.get(w, 0) + int(c)
    top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return '%d words, %d distinct, top %s' % (sum(total.values()), len(total), ' '.join('%s=%d' % kv for kv in top))


if __name__ == '__main__':
    jobkit.main('wordcount_job', 90_000, tasks, work, summary, WORKER_SETUP)
