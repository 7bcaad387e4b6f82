"""Rounds of each workload in cold processes, one per lever, with the JIT's counts.

    python3 benchmarks/deopt/levers.py [--rounds N] [--workloads match,bigint,words]
                                       [--levers default,nojit,...] [--python PATH]

Each lever is a set of JVM system properties given to bin/interpreters through
INTERPRETERS4J_JAVA_OPTS. For every lever and workload it starts a cold process running
rounds.py, with -Dpolyglot.engine.TraceCompilation=true writing to a log, and prints one line:
the thread-CPU seconds of each round (what the code cost, whatever else the machine ran), the
wall seconds, the process CPU (compiler threads included), and from the log the number of
compilations (tier 1 / tier 2), deoptimisations and invalidations. CPython 3.13 runs the same
rounds in the same run. The load average is printed with every line: counts do not suffer from a
busy machine, seconds do.

Run it with CPython (python3.13 from pyenv or any python3): it only starts processes.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, 'bin', 'interpreters')
ROUNDS = os.path.join(HERE, 'rounds.py')

# name: JVM system properties. 'default' is what bin/interpreters runs today.
X = '-Dpolyglot.engine.AllowExperimentalOptions=true '
LEVERS = {
    'default': '',
    'nojit': X + '-Dpolyglot.engine.Compilation=false',
    # GraalPy's own launcher default since 25.1 (-X jit=1): one compiler thread, raised thresholds.
    'graalpy-jit1': X + '-Dpolyglot.engine.CompilerThreads=1 -Dpolyglot.engine.FirstTierCompilationThreshold=2000 '
                    '-Dpolyglot.engine.LastTierCompilationThreshold=50000 -Dpolyglot.engine.OSRCompilationThreshold=200704 '
                    '-Dpolyglot.engine.SingleTierCompilationThreshold=10000',
    'latency': '-Dpolyglot.engine.Mode=latency',
    'throughput': '-Dpolyglot.engine.Mode=throughput',
    'single-tier': '-Dpolyglot.engine.MultiTier=false',
    'no-osr': X + '-Dpolyglot.engine.OSR=false',
    'no-splitting': '-Dpolyglot.engine.Splitting=false',
    'first-tier-2000': X + '-Dpolyglot.engine.FirstTierCompilationThreshold=2000',
    'low-thresholds': X + '-Dpolyglot.engine.FirstTierCompilationThreshold=100 -Dpolyglot.engine.LastTierCompilationThreshold=2000',
    'foreground': X + '-Dpolyglot.engine.BackgroundCompilation=false',
    # GraalPy's other interpreter (experimental in 25.0); its own __pycache__, since it cannot read
    # the manual interpreter's cached code objects.
    'bytecode-dsl': '-Dpython.EnableBytecodeDSLInterpreter=true -Dpolyglot.python.PyCachePrefix=/tmp/i4j-bytecode-dsl-pycache',
}


def load():
    return ' '.join(open('/proc/loadavg').read().split()[:3])


def counts(log):
    c = {'tier1': 0, 'tier2': 0, 'deopt': 0, 'inval': 0, 'fail': 0}
    try:
        text = open(log, errors='replace').read()
    except OSError:
        return c
    for line in text.splitlines():
        if not line.startswith('[engine] opt '):
            continue
        if line.startswith('[engine] opt done'):
            c['tier1' if '|Tier 1|' in line else 'tier2'] += 1
        elif line.startswith('[engine] opt deopt'):
            c['deopt'] += 1
        elif line.startswith('[engine] opt inval'):
            c['inval'] += 1
        elif line.startswith('[engine] opt failed'):
            c['fail'] += 1
    return c


def parse(out):
    got = {}
    for kind in ('wall', 'thread CPU', 'process CPU'):
        m = re.search(r'^\w+ \d+ %s: (.*)$' % kind, out, re.M)
        got[kind] = m.group(1) if m else '?'
    return got


def run(cmd, env, timeout):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-2000:] + p.stderr[-2000:])
    return p.stdout, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=6)
    ap.add_argument('--workloads', default='match,bigint,words')
    ap.add_argument('--levers', default='default,nojit,graalpy-jit1,latency,single-tier')
    ap.add_argument('--python', default=os.path.expanduser('~/.pyenv/versions/3.13.0/bin/python3'))
    ap.add_argument('--logs', default=None, help='keep the compilation logs in this directory')
    ap.add_argument('--size', default='', help='SIZE for rounds.py, or WORKLOAD=SIZE,... (its default otherwise)')
    ap.add_argument('--timeout', type=int, default=1800)
    a = ap.parse_args()
    logs = a.logs or tempfile.mkdtemp(prefix='levers-')
    os.makedirs(logs, exist_ok=True)
    print('| workload | lever | thread CPU per round, s | wall per round, s | process CPU per round, s | '
          'compilations T1/T2 | deopts | invalidations | load before, after |')
    print('|---|---|---|---|---|---|---|---|---|')
    sizes = dict(kv.split('=') for kv in a.size.split(',') if '=' in kv)
    for w in a.workloads.split(','):
        size = [sizes.get(w, a.size if a.size and '=' not in a.size else '')]
        size = [x for x in size if x]
        if os.path.exists(a.python):
            before = load()
            out, _ = run([a.python, ROUNDS, w, str(a.rounds)] + size, os.environ.copy(), a.timeout)
            r = parse(out)
            print('| %s | CPython 3.13 | %s | %s | %s | - | - | - | %s, %s |'
                  % (w, r['thread CPU'], r['wall'], r['process CPU'], before, load()), flush=True)
        for lever in a.levers.split(','):
            log = os.path.join(logs, '%s-%s.log' % (w, lever))
            if os.path.exists(log):
                os.remove(log)
            env = os.environ.copy()
            env['INTERPRETERS4J_JAVA_OPTS'] = ('%s -Dpolyglot.engine.TraceCompilation=true -Dpolyglot.log.file=%s %s'
                                               % (LEVERS[lever], log, env.get('INTERPRETERS4J_JAVA_OPTS', ''))).strip()
            before = load()
            out, _ = run([LAUNCHER, ROUNDS, w, str(a.rounds)] + size, env, a.timeout)
            r, c = parse(out), counts(log)
            print('| %s | %s | %s | %s | %s | %d/%d | %d | %d | %s, %s |'
                  % (w, lever, r['thread CPU'], r['wall'], r['process CPU'], c['tier1'], c['tier2'], c['deopt'],
                     c['inval'], before, load()), flush=True)
    print('logs: %s' % logs)


if __name__ == '__main__':
    main()
