"""What users feel: whole jobs as cold processes, interpreters4j against CPython 3.13 in the same run.

    bin/interpreters benchmarks/coldjobs.py [--quick] [--python PATH] [--out DIR] [--kinds a,b] [--sizes 1,3]

Every measurement is a new process (bin/interpreters, or CPython 3.13 found with pyenv as
suite.py finds it), timed from its start to its exit: the job programs in benchmarks/jobs/, each
runnable by hand. For each kind of work (set/str matching, integer arithmetic with big ints,
dict/str counting) and each size (sizes fixed in KINDS: about 1, 3, 10 and 60 s of CPython work
on one core of the 2-core development machine), in this order:

    CPython serial               python3.13 JOB.py SIZE --executor serial
    CPython, all cores           python3.13 JOB.py SIZE --executor processes      (ProcessPoolExecutor)
    interpreters4j, cold         bin/interpreters JOB.py SIZE --executor interpreters
                                 (INTERPRETERS4J_WARM_START=0: a JVM started for the command)
    interpreters4j, warm start   the same command with a spare JVM booted ahead and ready, as every
                                 command after the first finds one (docs/configuration.md)

then the ratios ours / CPython processes and, per kind, the break-even size (where the ratio
crosses 1, interpolated on a log scale between the sizes measured). Then warm-up curves: one job
size run round after round in one cold process on one core (serial), ours and CPython's; and the
start-up: `-c 'print(1)'` from start to first output, and from the last line to the process's
exit, cold and warm. The spares live in a directory of this run's own (XDG_RUNTIME_DIR), and each
is left to finish booting before the next measurement starts, so that its boot never runs beside
a measured process.

Prints progress on stderr, the tables on stdout (Markdown), and writes to DIR (default
benchmarks/results/): coldjobs.json (every measurement), coldjobs.md (the tables), coldjobs.svg
(ratio against size) and warmup.svg (the warm-up curves). --quick: the ~1 s size and short
curves only (about 4 minutes); the full run takes about 25 minutes on 2 cores.

Each figure carries the machine's other load while it was taken: CPU time used by processes
other than the measured one and this script (from /proc/stat and this process's children's
times), in cores; figures taken while something else used more than a fifth of a core are marked
with '*'. The load average is printed at the start and the end. Linux only (reads /proc).
"""
import fcntl
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JOBS = os.path.join(HERE, 'jobs')
sys.path.insert(0, HERE)
import svgplot  # noqa: E402
from workloads import Progress, check_arguments, find_cpython  # noqa: E402

# Job sizes, fixed once: nominal seconds of CPython 3.13 work on one core -> the job's size
# argument. Calibrated on the 2-core development machine on 2026-12-01 from CPython's CPU time
# (user + sys, not wall time: the machine was at load 30, and its speed per CPU second moved by
# up to 50% between tries, so the sizes sit between the fastest and the slowest tries). Each run
# reports the CPython serial time it measured; the sizes stay as they are: a ratio is never moved
# by changing a workload.
KINDS = {
    'match': ('set/str matching', 'match_job.py', 'records',
              {1: 1100, 3: 1900, 10: 3500, 60: 8600}),
    'bigint': ('integer arithmetic, big ints', 'bigint_job.py', 'numbers',
               {1: 750_000, 3: 2_250_000, 10: 7_500_000, 60: 45_000_000}),
    'wordcount': ('dict/str word counts', 'wordcount_job.py', 'lines',
                  {1: 90_000, 3: 270_000, 10: 900_000, 60: 5_400_000}),
}
# The targets for the whole set/str matching job on all cores: ours / CPython processes.
TARGETS = {'match': {1: 3.0, 10: 1.0, 60: 0.7}}
CURVE_SIZE = 1          # warm-up curves: the ~1 s size, round after round
BUSY = 0.2              # other load above this many cores marks a figure with '*'


def option(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


if __name__ == '__main__':
    check_arguments(__doc__, ('--quick',), ('--python', '--out', '--kinds', '--sizes'))
QUICK = '--quick' in sys.argv
OUT = option('--out', os.path.join(HERE, 'results'))
KIND_NAMES = option('--kinds', ','.join(KINDS)).split(',')
SIZE_LIST = [int(s) for s in option('--sizes', '1' if QUICK else '1,3,10,60').split(',')]
REPEATS = {1: 1 if QUICK else 3, 3: 1 if QUICK else 2}   # more tries where a try is cheap; the median
CURVE_ROUNDS = 5 if QUICK else 15
START_RUNS = 2 if QUICK else 5
NCPU = os.cpu_count() or 1
OURS = os.path.join(ROOT, 'bin', 'interpreters')
progress = Progress('coldjobs')
# bin/interpreters keeps its spares in $XDG_RUNTIME_DIR/interpreters4j-UID: this run's own.
WARM_ROOT = tempfile.mkdtemp(prefix='coldjobs-warm-')


# ------------------------------------------------------------------ /proc accounting

def loadavg():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def machine_busy_ticks():
    with open('/proc/stat') as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    return user + nice + system + irq + softirq


def self_ticks():
    """(this process's CPU ticks, its waited-for children's CPU ticks)."""
    with open('/proc/self/stat') as f:
        stat = f.read()
    fields = stat[stat.rindex(')') + 2:].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


TICK = os.sysconf('SC_CLK_TCK')


def commit():
    try:
        return subprocess.run(['git', '-C', ROOT, 'log', '-1', '--format=%h %cI'], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


# ------------------------------------------------------------------ one cold process

def ours_env(warm):
    """The environment of a bin/interpreters command: a cold start, or a warm one."""
    env = dict(os.environ, XDG_RUNTIME_DIR=WARM_ROOT)
    if warm:
        env.pop('INTERPRETERS4J_WARM_START', None)
    else:
        env['INTERPRETERS4J_WARM_START'] = '0'
    return env


def spare_dirs():
    root = os.path.join(WARM_ROOT, 'interpreters4j-%d' % os.getuid())
    try:
        return [os.path.join(root, d) for d in os.listdir(root) if d.startswith(('spare.', 'claimed.'))]
    except FileNotFoundError:
        return []


def spare_jvm(d):
    """The pid of the JVM of spare directory d (its wrapper shell's child), or None."""
    try:
        with open(os.path.join(d, 'wrapper')) as f:
            wrapper = f.read().strip()
        with open('/proc/%s/task/%s/children' % (wrapper, wrapper)) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cpu_ticks(pid):
    """utime + stime of a process, in ticks, or None once it has gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(')') + 2:].split()
    return int(fields[11]) + int(fields[12])


def await_spare(timeout=300):
    """Waits until a spare has booted (its 'ready' file) and is quiet (its JIT done with what it
    rehearsed: under 5% of a core over a second), starting one if there is none; returns its JVM."""
    if not spare_dirs():
        run_cold([OURS, '-c', 'pass'], env=ours_env(True))
        if not spare_dirs():
            raise RuntimeError('bin/interpreters left no spare in %s' % WARM_ROOT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for d in spare_dirs():
            jvm = spare_jvm(d) if '/spare.' in d and os.path.exists(os.path.join(d, 'ready')) else None
            if jvm is not None:
                t0 = cpu_ticks(jvm)
                time.sleep(1)
                t1 = cpu_ticks(jvm)
                if t0 is not None and t1 is not None and (t1 - t0) / TICK < 0.05:
                    return jvm
        time.sleep(0.2)
    raise RuntimeError('no spare booted and quiet within %d s' % timeout)


def end_spares():
    for d in spare_dirs():
        jvm = spare_jvm(d)
        if jvm is not None:
            try:
                os.kill(jvm, 15)
            except OSError:
                pass


class CpuOf(threading.Thread):
    """Samples a process that is not our child (a warm start's JVM) every 50 ms: its CPU time is
    the measured process's, not others' load."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.ticks, self.done = pid, 0, threading.Event()
        self.first = cpu_ticks(pid) or 0
        self.start()

    def run(self):
        while not self.done.wait(0.05):
            t = cpu_ticks(self.pid)
            if t is None:
                return
            self.ticks = t - self.first

    def stop(self):
        self.done.set()
        self.join()
        return self.ticks


def run_cold(cmd, timeout=1800, env=None, jvm=None):
    """Runs cmd as a new process; returns its wall time from start to exit, when each line of its
    stdout arrived, its CPU time and the CPU time others used meanwhile. `jvm`: the spare JVM a
    warm start will run it on, whose CPU time is the command's."""
    err = tempfile.TemporaryFile()
    # In append mode, as `2>>file`: bin/interpreters starts cold when a standard stream is a
    # regular file written at an offset of its own (docs/configuration.md, warm start).
    fcntl.fcntl(err.fileno(), fcntl.F_SETFL, fcntl.fcntl(err.fileno(), fcntl.F_GETFL) | os.O_APPEND)
    load0 = loadavg()
    busy0, (self0, child0) = machine_busy_ticks(), self_ticks()
    spare = CpuOf(jvm) if jvm else None
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT, env=env)
    lines = []
    for raw in p.stdout:
        lines.append((time.perf_counter() - t0, raw.decode('utf-8', 'replace').rstrip('\n')))
    status = p.wait(timeout)
    wall = time.perf_counter() - t0
    busy1, (self1, child1) = machine_busy_ticks(), self_ticks()
    children = (child1 - child0) + (spare.stop() if spare else 0)
    child_cpu = children / TICK
    other = max(0.0, (busy1 - busy0) - children - (self1 - self0)) / TICK / wall
    if status != 0:
        err.seek(0)
        raise RuntimeError('%s exited with %d:\n%s\n%s' % (' '.join(cmd), status,
                                                           '\n'.join(l for _, l in lines), err.read().decode()[-3000:]))
    err.close()
    return {'cmd': cmd, 'wall': wall, 'lines': lines, 'cpu': child_cpu, 'other_cores': other,
            'harness_cores': (self1 - self0) / TICK / wall,
            'first_output': lines[0][0] if lines else None,
            'exit_after_last_line': wall - lines[-1][0] if lines else None,
            'load': [load0, loadavg()]}


def job_run(py, kind, size, executor, rounds=1, warm=None):
    """One job process; `warm` (True/False) for ours: a warm start (after waiting for a spare) or cold."""
    _, program, _, _ = KINDS[kind]
    cmd = [py, os.path.join(JOBS, program), str(size), '--executor', executor, '--rounds', str(rounds)]
    jvm = await_spare() if warm else None
    r = run_cold(cmd, env=None if warm is None else ours_env(warm), jvm=jvm)
    if warm:
        await_spare()  # the spare this command left boots now, not beside the next measurement
    r['rounds'] = [float(l.split()[2]) for _, l in r['lines'] if l.startswith('round ')]
    r['result'] = next((l for _, l in r['lines'] if l.startswith('result: ')), None)
    return r


def mark(r):
    return '*' if r['other_cores'] > BUSY else ''


# ------------------------------------------------------------------ the measurements

def start_and_exit(py, warm=None):
    """Medians of `-c 'print(1)'`: start to first output, last line to exit, whole process."""
    runs = []
    for _ in range(START_RUNS):
        jvm = await_spare() if warm else None
        runs.append(run_cold([py, '-c', 'print(1)'], env=None if warm is None else ours_env(warm), jvm=jvm))
    if warm:
        await_spare()
    return {'first_output': statistics.median(r['first_output'] for r in runs),
            'exit_after_last_line': statistics.median(r['exit_after_last_line'] for r in runs),
            'wall': statistics.median(r['wall'] for r in runs),
            'other_cores': max(r['other_cores'] for r in runs), 'runs': runs}


def median_run(runs):
    """The run of median wall time (the upper median of an even count)."""
    return sorted(runs, key=lambda r: r['wall'])[len(runs) // 2]


def whole_jobs(cpython):
    plan = [(k, s) for k in KIND_NAMES for s in SIZE_LIST]
    out = {}
    for n, (kind, nominal) in enumerate(plan, 1):
        name, _, unit, sizes = KINDS[kind]
        size = sizes[nominal]
        reps = REPEATS.get(nominal, 1)
        progress('[%d/%d] %s, %d %s (~%d s of CPython work), %d tr%s each (load %s)'
                 % (n, len(plan), name, size, unit, nominal, reps, 'y' if reps == 1 else 'ies', loadavg()))
        rows = {'serial': [], 'processes': [], 'ours': [], 'warm': []}
        for _ in range(reps):  # alternated, so that a slow spell of the VM hits all four
            for key, py, executor, warm in (('serial', cpython, 'serial', None),
                                            ('processes', cpython, 'processes', None),
                                            ('ours', OURS, 'interpreters', False),
                                            ('warm', OURS, 'interpreters', True)):
                r = job_run(py, kind, size, executor, warm=warm)
                rows[key].append(r)
                progress('    %-9s %7.2f s%s  (%s; other load %.2f cores)'
                         % (key, r['wall'], mark(r), r['result'], r['other_cores']))
        results = {r['result'] for rs in rows.values() for r in rs}
        assert len(results) == 1, 'the executors disagree: %r' % results
        out.setdefault(kind, {})[nominal] = {'size': size, **{k: median_run(v) for k, v in rows.items()},
                                             'tries': {k: [r['wall'] for r in v] for k, v in rows.items()}}
    return out


def warmup_curves(cpython):
    out = {}
    for kind in KIND_NAMES:
        name, _, unit, sizes = KINDS[kind]
        size = sizes[CURVE_SIZE]
        out[kind] = {'size': size}
        for key, py in (('cpython', cpython), ('ours', OURS)):
            progress('warm-up curve, %s, %s: %d rounds of %d %s on one core, one cold process'
                     % (name, key, CURVE_ROUNDS, size, unit))
            r = job_run(py, kind, size, 'serial', CURVE_ROUNDS, warm=False if py == OURS else None)
            out[kind][key] = r
            progress('    %s%s' % (' '.join('%.2f' % t for t in r['rounds']), mark(r)))
    return out


# ------------------------------------------------------------------ break-even, tables, pictures

def ratio(cell, key='ours'):
    return cell[key]['wall'] / cell['processes']['wall']


def break_even(cells, key='ours'):
    """(nominal seconds, size) where ours (cold, or `key`) / processes crosses 1, interpolated
    log-log between the sizes measured; or a sentence when it does not cross within them."""
    pts = sorted((n, c['size'], ratio(c, key)) for n, c in cells.items())
    if not pts:
        return None, '-'
    if pts[0][2] <= 1:
        return None, 'at or below the smallest size (%d: %.2fx)' % (pts[0][1], pts[0][2])
    for (n0, s0, r0), (n1, s1, r1) in zip(pts, pts[1:]):
        if r0 > 1 >= r1:
            f = math.log(r0) / (math.log(r0) - math.log(r1))
            size = math.exp(math.log(s0) + f * (math.log(s1) - math.log(s0)))
            secs = math.exp(math.log(n0) + f * (math.log(n1) - math.log(n0)))
            return secs, 'about %d (~%.0f s of CPython work)' % (size, secs)
    return None, 'not reached up to %d (%.2fx there)' % (pts[-1][1], pts[-1][2])


def fmt_s(r):
    return '%.2f s%s' % (r['wall'], mark(r))


def md_table(header, rows):
    widths = [max(len(str(r[c])) for r in [header] + rows) for c in range(len(header))]
    line = lambda r: '| ' + ' | '.join(str(v).ljust(w) for v, w in zip(r, widths)) + ' |'  # noqa: E731
    return '\n'.join([line(header), '|' + '|'.join('-' * (w + 2) for w in widths) + '|'] + [line(r) for r in rows])


def tables(jobs, curves, starts, meta):
    parts = ['Whole jobs, each a cold process from start to exit (%d CPU cores; `*`: taken while other '
             'processes used more than %.1f cores)' % (NCPU, BUSY), '']
    rows = []
    for kind in KIND_NAMES:
        name, _, unit, _ = KINDS[kind]
        for nominal, c in sorted(jobs.get(kind, {}).items()):
            target = TARGETS.get(kind, {}).get(nominal)
            rt, rw = ratio(c), ratio(c, 'warm')
            rows.append([name, '%d %s' % (c['size'], unit), '~%d s' % nominal, fmt_s(c['serial']),
                         fmt_s(c['processes']), fmt_s(c['ours']), fmt_s(c['warm']), '%.2fx' % rt, '%.2fx' % rw,
                         '<= %.1fx' % target if target else '-',
                         '%s cold, %s warm' % ('yes' if rt <= target else 'NO', 'yes' if rw <= target else 'NO')
                         if target else '-'])
    parts.append(md_table(['kind', 'size', 'CPython work', 'CPython serial', 'CPython processes',
                           'ours, cold', 'ours, warm start', 'cold / processes', 'warm / processes',
                           'target', 'met'], rows))
    parts += ['', 'Break-even (where interpreters4j on all cores becomes faster than CPython processes):', '']
    parts.append(md_table(['kind', 'cold', 'warm start'],
                          [[KINDS[k][0], break_even(jobs[k])[1], break_even(jobs[k], 'warm')[1]]
                           for k in KIND_NAMES if jobs.get(k)]))
    parts += ['', 'Inside the job processes (medians over the rows above): start to first output, last line to exit', '']
    srows = []
    for key, label in (('serial', 'CPython serial'), ('processes', 'CPython processes'),
                       ('ours', 'interpreters4j, cold'), ('warm', 'interpreters4j, warm start')):
        rs = [c[key] for k in jobs.values() for c in k.values()]
        if rs:
            srows.append([label, '%.2f s' % statistics.median(r['first_output'] for r in rs),
                          '%.2f s' % statistics.median(r['exit_after_last_line'] for r in rs)])
    parts.append(md_table(['process', 'start to first output', 'last line to exit'], srows))
    if starts:
        parts += ['', "`-c 'print(1)'`, median of %d processes" % START_RUNS, '']
        parts.append(md_table(['', 'start to first output', 'last line to exit', 'whole process'],
                              [[label, '%.2f s' % s['first_output'], '%.2f s' % s['exit_after_last_line'],
                                '%.2f s%s' % (s['wall'], '*' if s['other_cores'] > BUSY else '')]
                               for label, s in (('CPython 3.13', starts['cpython']),
                                                ('interpreters4j, cold', starts['ours']),
                                                ('interpreters4j, warm start', starts['warm']))]))
    if curves:
        parts += ['', 'Warm-up: seconds per round of the same job, one core, one cold process (round 1 first)', '']
        crows = []
        for kind in KIND_NAMES:
            c = curves.get(kind)
            if not c:
                continue
            for key, label in (('cpython', 'CPython'), ('ours', 'interpreters4j')):
                rs = c[key]['rounds']
                crows.append([KINDS[kind][0], label + mark(c[key]), ' '.join('%.2f' % t for t in rs),
                              '%.2f' % min(rs), '%.2f s' % c[key]['wall']])
        parts.append(md_table(['kind (size as ~1 s above)', 'runtime', 'rounds (s)', 'best', 'whole process'], crows))
    parts += ['', 'Taken %s to %s, commit %s; load average %s at the start, %s at the end; CPython %s'
              % (meta['start'], meta['end'], meta['commit'], meta['load_start'], meta['load_end'], meta['python'])]
    return '\n'.join(parts) + '\n'


def pictures(jobs, curves, meta):
    note = '%s, commit %s, load %s -> %s' % (meta['start'][:16], meta['commit'].split()[0], meta['load_start'],
                                              meta['load_end'])
    if curves:
        panels = []
        for kind in KIND_NAMES:
            c = curves.get(kind)
            if not c:
                continue
            panels.append(svgplot.Panel(
                '%s (%d %s)' % (KINDS[kind][0], c['size'], KINDS[kind][2]),
                [svgplot.Series('CPython 3.13', list(enumerate(c['cpython']['rounds'], 1)), '#1f77b4'),
                 svgplot.Series('interpreters4j, one interpreter', list(enumerate(c['ours']['rounds'], 1)), '#d62728')],
                'round', 'seconds per round, log', logy=True))
        with open(os.path.join(OUT, 'warmup.svg'), 'w') as f:
            f.write(svgplot.Figure('Warm-up: one job, round after round, one core, cold process', panels, note).svg())
    if jobs:
        panels = []
        for kind in KIND_NAMES:
            cells = jobs.get(kind)
            if not cells:
                continue
            series = [svgplot.Series('interpreters4j cold / CPython processes',
                                     [(c['serial']['wall'], ratio(c)) for _, c in sorted(cells.items())], '#d62728'),
                      svgplot.Series('interpreters4j warm start / CPython processes',
                                     [(c['serial']['wall'], ratio(c, 'warm')) for _, c in sorted(cells.items())],
                                     '#ff7f0e')]
            t = TARGETS.get(kind)
            if t:
                series.append(svgplot.Series('target', [(cells[n]['serial']['wall'], v) for n, v in sorted(t.items())
                                                        if n in cells], '#2ca02c', dashed=True))
            panels.append(svgplot.Panel(KINDS[kind][0], series, 'CPython serial wall time (s), log',
                                        'wall time ratio, log', logx=True, logy=True, hlines=[(1.0, 'break-even')]))
        with open(os.path.join(OUT, 'coldjobs.svg'), 'w') as f:
            f.write(svgplot.Figure('Whole job on all %d cores, one process per job: ours / CPython processes' % NCPU,
                                   panels, note).svg())


def main():
    cpython = find_cpython(sys.argv)
    if cpython is None:
        sys.exit('no CPython 3.13 found (pyenv, or --python PATH): nothing to compare with')
    os.makedirs(OUT, exist_ok=True)
    meta = {'start': time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime()), 'load_start': loadavg(),
            'commit': commit(), 'cpus': NCPU, 'quick': QUICK, 'python': cpython,
            'harness': sys.implementation.name}
    progress('CPython %s; interpreters4j %s; commit %s; load average %s' % (cpython, OURS, meta['commit'],
                                                                              meta['load_start']))
    progress('building / checking the runtime once (not timed)')
    run_cold([OURS, '-c', 'pass'], env=ours_env(False))
    try:
        measure(cpython, meta)
    finally:
        end_spares()


def measure(cpython, meta):
    progress("start and exit: -c 'print(1)', %d processes each" % START_RUNS)
    starts = {'cpython': start_and_exit(cpython), 'ours': start_and_exit(OURS, warm=False),
              'warm': start_and_exit(OURS, warm=True)}
    for key in ('cpython', 'ours', 'warm'):
        s = starts[key]
        progress('    %-7s first output %.2f s, exit %.2f s after the last line' % (key, s['first_output'],
                                                                                    s['exit_after_last_line']))
    jobs = whole_jobs(cpython)
    curves = warmup_curves(cpython)
    meta.update(end=time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime()), load_end=loadavg())
    text = tables(jobs, curves, starts, meta)
    print()
    print(text)
    with open(os.path.join(OUT, 'coldjobs.md'), 'w') as f:
        f.write(text)
    with open(os.path.join(OUT, 'coldjobs.json'), 'w') as f:
        json.dump({'meta': meta, 'starts': starts, 'jobs': jobs, 'curves': curves}, f, indent=1, default=str)
    pictures(jobs, curves, meta)
    progress('wrote %s/coldjobs.md, coldjobs.json, coldjobs.svg, warmup.svg' % OUT)


if __name__ == '__main__':
    main()
