"""A pipeline: every stage is an interpreter, connected to the next by an unbuffered channel.

    bin/interpreters examples/python/csp/pipeline.py [LINES]

The stages analyse a synthetic web-server log: `source` emits log lines, `parse` turns each into
"status path", `errors` keeps the failed requests, `count` counts them by status and path and
emits a summary once its input ends. The main interpreter prints what comes out of the last stage.

Each stage runs the same loop: receive until the channel before it closes, send on, then close its
own output, which ends the next stage's loop in turn. All stages run at once, each on its own
interpreter thread; the channels being unbuffered, at most one item waits between two stages.
"""
import sys
import textwrap
import threading

import interpreters

SOURCE = '''
PATHS = ['/', '/login', '/search', '/cart', '/api/items']

def lines(n):
    for i in range(1, n + 1):
        status = 500 if i % 17 == 0 else 404 if i % 11 == 0 else 200
        yield 'GET %s %d %dms' % (PATHS[i % len(PATHS)], status, (i * 37) % 300)

def run_stage(inp, out):
    with out:                              # leaving the block closes this stage's output
        for line in lines(n):
            out.send(line)
'''

# A stage that transforms items: step(item) returns the items to send on (none, one or more).
STAGE = '''
import interpreters

def finish():
    return []

def run_stage(inp, out):
    try:
        for item in inp:                   # until the stage before closes its output
            for result in step(item):
                out.send(result)
        for result in finish():
            out.send(result)
    finally:
        out.close()                        # ends the next stage's loop
        try:
            inp.close(force=True)          # if we failed: the stage before must not wait for us
        except interpreters.ChannelClosedError:
            pass                           # the usual case: it closed already
'''

PARSE = '''
def step(line):
    method, path, status, elapsed = line.split()
    yield '%s %s' % (status, path)
'''

ERRORS = '''
def step(item):
    if not item.startswith('2'):
        yield item
'''

COUNT = '''
counts = {}

def step(item):
    counts[item] = counts.get(item, 0) + 1
    return []

def finish():
    for item, count in sorted(counts.items()):
        yield '%3d x %s' % (count, item)
'''


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    stages = [('source', SOURCE), ('parse', STAGE + PARSE), ('errors', STAGE + ERRORS), ('count', STAGE + COUNT)]
    interps, threads = [], []
    inp = None
    for name, code in stages:
        interp = interpreters.create()
        interp.run(textwrap.dedent(code), shared=dict(n=n))
        r, s = interpreters.create_channel()
        shared = dict(inp=inp, out=s)    # None is shareable too: the source has no input
        threads.append(threading.Thread(target=interp.run, args=('run_stage(inp, out)',), kwargs=dict(shared=shared)))
        interps.append(interp)
        inp = r
    for t in threads:
        t.start()
    print('%d log lines through %d stages' % (n, len(stages)))
    for line in inp:                     # the last stage's output, until it closes
        print(line)
    for t in threads:
        t.join()
    for interp in interps:
        interp.destroy()


if __name__ == '__main__':
    main()
