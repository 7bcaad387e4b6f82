"""Go's concurrent prime sieve, with a chain of interpreters instead of goroutines.

    bin/interpreters examples/python/csp/prime_sieve.py [PRIMES]

One interpreter generates 2, 3, 4, ... on a channel. Each prime found starts one more
interpreter, a filter that passes on only the numbers its prime does not divide, so the chain
grows by one interpreter per prime, as in Go's classic example (go.dev/doc/play/sieve.go). The
channels are unbuffered, like Go's `make(chan int)`.

Go simply exits when main returns; here the shutdown is explicit, from the end of the chain back
to its start: main closes the last channel; the filter blocked sending to it gets
ChannelClosedError, closes its own input, and so on up to the generator.
"""
import sys
import threading

import interpreters

GENERATE = '''
import interpreters
i = 2
try:
    while True:
        out.send(i)
        i += 1
except interpreters.ChannelClosedError:
    pass                                   # the sieve is done with us
'''

FILTER = '''
import interpreters
try:
    for i in inp:
        if i % prime != 0:
            out.send(i)
except interpreters.ChannelClosedError:
    pass                                   # the next filter closed our output: stop
finally:
    try:
        inp.close(force=True)              # and stop the stage before us in turn
    except interpreters.ChannelClosedError:
        pass
'''


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    interps, threads = [], []

    def go(code, **shared):                # Go's `go f(...)`: run in a new interpreter, on a thread
        interp = interpreters.create()
        t = threading.Thread(target=interp.run, args=(code,), kwargs=dict(shared=shared))
        t.start()
        interps.append(interp)
        threads.append(t)

    r, s = interpreters.create_channel()
    go(GENERATE, out=s)
    primes = []
    for _ in range(count):
        prime = r.recv()
        primes.append(prime)
        print(prime)
        r1, s1 = interpreters.create_channel()
        go(FILTER, inp=r, out=s1, prime=prime)
        r = r1
    r.close(force=True)                    # shut the chain down, from its end to its start
    for t in threads:
        t.join()
    for interp in interps:
        interp.destroy()
    print('%d primes from a chain of %d interpreters' % (len(primes), len(interps)))


if __name__ == '__main__':
    main()
