"""What a warm start's rehearsal gives: the rounds of a job's kernel on a spare, with and without it.

    python3.13 benchmarks/rehearsal.py [--tries N] [--kinds match,bigint] [--during SECONDS] [--python PATH]

A spare JVM rehearses ordinary Python while it waits for its program (Rehearsal.java,
docs/configuration.md). This times one job of benchmarks/jobs/ (the ~1 s size, `--executor
serial --rounds 4`: its kernel four times on one core) as a whole process, started:

    cold                 INTERPRETERS4J_WARM_START=0
    warm, no rehearsal   on a spare booted with INTERPRETERS4J_WARM_REHEARSAL=0, booted and quiet
    warm, claimed early  on a spare claimed SECONDS (default 20) after it booted, mid-rehearsal
    warm, rehearsed      on a spare that finished its rehearsal and went quiet
    CPython 3.13         the same program

alternated, N tries each (default 2). Prints each try's rounds, first output and whole time, with
the load; the spares live in a directory of this run's own. Run it with CPython (`python3.13`), so
that the harness itself leaves no spare booting. Uses coldjobs.py's process accounting.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from workloads import Progress, check_arguments, find_cpython  # noqa: E402

check_arguments(__doc__, (), ('--python', '--tries', '--kinds', '--during'))
import coldjobs as cj  # noqa: E402

cj.progress = Progress('rehearsal')  # coldjobs' helpers report under this benchmark's name

TRIES = int(cj.option('--tries', '2'))
DURING = float(cj.option('--during', '20'))
KIND_LIST = cj.option('--kinds', 'match').split(',')
ROUNDS = 4


def env(rehearse):
    e = cj.ours_env(True)
    if not rehearse:
        e['INTERPRETERS4J_WARM_REHEARSAL'] = '0'  # part of the spare's key: only such commands claim it
    return e


def spare_ready(rehearse, wait_for):
    """A spare for env(rehearse): booted and ready, then `wait_for` ('quiet', 'rehearsed' or seconds)."""
    cj.end_spares()
    time.sleep(1)
    cj.run_cold([cj.OURS, '-c', 'pass'], env=env(rehearse))  # leaves one booting
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        for d in cj.spare_dirs():
            jvm = cj.spare_jvm(d)
            if jvm is None or not os.path.exists(os.path.join(d, 'ready')):
                continue
            if isinstance(wait_for, float):
                time.sleep(wait_for)
                return jvm
            if wait_for == 'rehearsed' and not os.path.exists(os.path.join(d, 'rehearsed')):
                continue
            return cj.await_spare()  # and quiet: its JIT done
        time.sleep(0.2)
    raise RuntimeError('no spare within 600 s')


def one(label, cmd, environ=None, jvm=None):
    r = cj.run_cold(cmd, env=environ, jvm=jvm)
    rounds = [float(l.split()[2]) for _, l in r['lines'] if l.startswith('round ')]
    row = {'way': label, 'rounds': rounds, 'first_output': r['first_output'], 'wall': r['wall'],
           'other_cores': r['other_cores'], 'load': r['load']}
    cj.progress('  %-22s rounds %s, first output %.2f s, whole %.2f s, others %.2f cores%s (load %s)'
                % (label, ' '.join('%.2f' % t for t in rounds), r['first_output'] or -1, r['wall'],
                   r['other_cores'], cj.mark(r), r['load'][0]))
    return row


def main():
    cpython = find_cpython(sys.argv)
    cj.progress('rehearsal: %d tries, kinds %s, load %s, commit %s' % (TRIES, ','.join(KIND_LIST), cj.loadavg(), cj.commit()))
    rows = []
    try:
        for kind in KIND_LIST:
            _, program, _, sizes = cj.KINDS[kind]
            args = [os.path.join(cj.JOBS, program), str(sizes[1]), '--executor', 'serial', '--rounds', str(ROUNDS)]
            for t in range(TRIES):
                cj.progress('%s, try %d of %d' % (kind, t + 1, TRIES))
                rows.append(dict(one('CPython 3.13', [cpython] + args), kind=kind))
                cj.end_spares()
                rows.append(dict(one('cold', [cj.OURS] + args, cj.ours_env(False)), kind=kind))
                jvm = spare_ready(False, 'quiet')
                rows.append(dict(one('warm, no rehearsal', [cj.OURS] + args, env(False), jvm), kind=kind))
                jvm = spare_ready(True, DURING)
                rows.append(dict(one('warm, claimed at %gs' % DURING, [cj.OURS] + args, env(True), jvm), kind=kind))
                jvm = spare_ready(True, 'rehearsed')
                rows.append(dict(one('warm, rehearsed', [cj.OURS] + args, env(True), jvm), kind=kind))
    finally:
        cj.end_spares()
    print('| kind | way | rounds 1-%d (s) | first output | whole process | others (cores) | load |' % ROUNDS)
    print('|---|---|---|---|---|---|---|')
    for r in rows:
        print('| %s | %s | %s | %.2f s | %.2f s | %.2f%s | %s |'
              % (r['kind'], r['way'], ' '.join('%.2f' % t for t in r['rounds']), r['first_output'] or -1,
                 r['wall'], r['other_cores'], '*' if r['other_cores'] > cj.BUSY else '', r['load'][0]))


if __name__ == '__main__':
    main()
