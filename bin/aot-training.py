# The program bin/interpreters runs once after each build, to record the JDK's AOT cache
# (-XX:AOTCacheOutput): the classes that start-up and common work load and link, and their
# profiles, so that every later start loads them from the cache instead of from the jars. It
# touches what a typical program touches: the main interpreter, a few new interpreters, run(),
# call(), channels and a pool, with a little hot code for the JIT's own classes.

import threading

import interpreters


def square(n):
    return n * n


def spin(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def main():
    spin(200_000)
    interp = interpreters.create()
    interp.run('import sys\nvalue = sum(range(1000))')
    assert interp.call(square, 12) == 144
    recv, send = interpreters.create_channel()
    sender = threading.Thread(target=interp.run, args=('out.send(value)',), kwargs={'shared': {'out': send}})
    sender.start()
    assert recv.recv() == 499500
    sender.join()
    with interpreters.InterpreterPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(square, range(10))) == [n * n for n in range(10)]
        assert sum(pool.map(spin, [50_000] * 4)) == 4 * spin(50_000)
    interp.destroy()


main()
