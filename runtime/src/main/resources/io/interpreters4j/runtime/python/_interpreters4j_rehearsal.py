# A rehearsal: ordinary Python run so that the JVM has compiled GraalPy before a program needs it.
#
# Why. In a fresh JVM, GraalPy's bytecode interpreter and the Graal compiler (jargraal: Java code
# itself) run in the JVM's own interpreter until HotSpot has compiled them, so a program's first
# rounds of any code run 10-20x slower than CPython's and its functions take seconds to compile.
# A spare JVM (WarmStart.java, Rehearsal.java) rehearses while it waits for its program. (The same
# rounds in the launcher's AOT training run gave a cold start nothing: BENCHMARKS.md.)
#
# What a round does. It compiles WORKLOAD anew (compile() makes a new code object nobody else
# shares), so every round runs code the engine has not seen: the bytecode interpreter runs it,
# then the Graal compiler compiles it, each round exercising both, which is what a user's new
# program needs warm. The work is the kinds of code programs are made of (int and big-int
# arithmetic, str methods and formatting, set and dict work, comprehensions, generators, sorting
# with a key, classes, exceptions), written apart from any benchmark's code. Then it uses the
# runtime's paths (a new interpreter, run(), call(), a pool): those are the runtime's own
# shared sources, so what the rehearsal compiles there is compiled for the program too.
#
# Nothing here writes to stdio, files or the environment, or blocks on another thread: a round may
# be interrupted anywhere (the spare was claimed), and Rehearsal.stop destroys what it left.

WORKLOAD = r'''
import random


class Point:
    __slots__ = ('x', 'y')

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return self.x * self.x + self.y * self.y

    def __repr__(self):
        return 'Point(%d, %d)' % (self.x, self.y)


def integers(n):
    acc = 0
    h = 1469598103934665603
    for i in range(n):
        acc += (i * 31 + 7) % 13
        h = ((h ^ i) * 1099511628211) % 340282366920938463463374607431768211507
        if i & 1:
            acc -= 1
        elif i % 5 == 0:
            acc += i // 5
    squares = sum(k * k for k in range(n // 10))
    return acc + h % 1000 + squares % 1000 + sum([k for k in range(100) if k % 3]) + abs(-n) + divmod(n, 7)[1]


def strings(n, rng):
    letters = 'abcdefghijklmnopqrstuvwxyz ,.'
    out = []
    for _ in range(n):
        s = ''.join(rng.choice(letters) for _ in range(rng.randint(5, 40)))
        t = s.lower().strip(' ,.').replace(',', ' ')
        parts = t.split()
        out.append('%s-%d:%s' % (t[:3], len(parts), '|'.join(p.upper() for p in parts)))
        grams = {t[i:i + 3] for i in range(len(t) - 2)}
        pairs = set(t[i:i + 2] for i in range(len(t) - 1))
        shared = len(grams & pairs)
        out.append(str(shared + len(grams | pairs) + len(grams - pairs)))
        out.append(f'{len(s)}/{s.count("a")}' + s[::-1][:2] + str(s.find('e')) + str('ab' in s))
        if t.startswith('a') or t.endswith('z') or t.isalpha():
            out.append(t.title().encode().decode())
    return len(''.join(out))


def mappings(n, rng):
    counts = {}
    words = ['w%d' % rng.randrange(500) for _ in range(n)]
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    for w in words[:n // 4]:
        if w in counts:
            counts[w] += 1
        else:
            counts[w] = 1
    kept = {k: v for k, v in counts.items() if v > 1}
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    points = [Point(i, i + 1) for i in range(n // 10)]
    total = sum(p.norm() for p in points) + len(repr(points[:3]))
    values = list(range(n // 10))
    values.sort(reverse=True)
    values.append(1)
    values.pop()
    first = tuple(values[:10])
    try:
        counts['missing']
    except KeyError:
        total += 1
    pairs = len(list(zip(values, values))) + len(list(enumerate(values))) + sum(map(abs, (-1, 2)))
    return len(kept) + len(top) + total % 7 + len(first) + max(values) + min(values) + pairs


def workload(scale):
    rng = random.Random(scale)
    return integers(200 * scale) + strings(2 * scale, rng) + mappings(50 * scale, rng)
'''

SCALE = 1000
CHECK = None  # the first round's result: every round must compute the same


def _square(n):
    return n * n


def _runtime_paths():
    """A new interpreter, run() and call() in it, and a pool: the runtime's own code."""
    import interpreters
    interp = interpreters.create()
    try:
        interp.run('total = sum(range(1000))')
        if interp.call(_square, 12) != 144:
            raise AssertionError('call() returned a wrong result')
    finally:
        interp.destroy()
    with interpreters.InterpreterPoolExecutor(max_workers=2) as pool:
        if list(pool.map(_square, range(20))) != [n * n for n in range(20)]:
            raise AssertionError('the pool returned wrong results')


def rehearse_round(n):
    """Round n: WORKLOAD compiled anew and run, then the runtime's paths. Returns nothing."""
    global CHECK
    namespace = {'__name__': '_interpreters4j_rehearsal_round'}
    exec(compile(WORKLOAD + '\n# round %d\n' % n, '<rehearsal>', 'exec'), namespace)
    result = namespace['workload'](SCALE)
    if CHECK is None:
        CHECK = result
    elif result != CHECK:  # the JIT's compiled code must compute what the interpreter did
        raise AssertionError('rehearsal round %d computed %r, round 1 %r' % (n, result, CHECK))
    _runtime_paths()
