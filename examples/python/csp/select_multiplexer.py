"""A multiplexer: one loop serves several channels with interpreters.select(), with a timeout.

    bin/interpreters examples/python/csp/select_multiplexer.py

Three sensors, each an interpreter with a channel of its own, send readings. Main waits on all of
them at once with select(), which completes whichever receive can complete first, like Go's
`select`. A sensor sends None when it has no more readings; main stops listening to it then.

The `wind` sensor fails before sending anything. Without a timeout main would wait for it forever;
with one, select() raises TimeoutError once no channel has delivered for TIMEOUT seconds, and main
reports the sensor as silent, closes its channel and collects the sensor's error.
"""
import threading

import interpreters

TIMEOUT = 5     # seconds without any reading before giving up; generous for a loaded machine

SENSOR = '''
import time
for i in range(count):
    time.sleep(0.01)
    out.send('%s=%d' % (name, base + 3 * i))
out.send(None)                             # no more readings
'''

BROKEN_SENSOR = '''
raise OSError('wind sensor not connected')
'''


def main():
    specs = [('temperature', SENSOR, 18), ('humidity', SENSOR, 55), ('wind', BROKEN_SENSOR, 0)]
    channels, threads, failures, interps = {}, [], {}, []
    for name, code, base in specs:
        r, s = interpreters.create_channel()
        interp = interpreters.create()
        interp.run('import time')  # boots the interpreter now, so that the timeout measures the sensor
        interps.append(interp)
        channels[r] = name

        def run(interp=interp, code=code, name=name, shared=dict(out=s, name=name, base=base, count=4)):
            try:
                interp.run(code, shared=shared)
            except interpreters.RunFailedError as e:
                failures[name] = e          # reported below, once main has stopped waiting
        threads.append(threading.Thread(target=run))

    # With `default`, select() never waits: nothing can be ready before the sensors start.
    print('before start:', interpreters.select(*channels, default='nothing ready'))
    for t in threads:
        t.start()

    readings = {name: [] for name in channels.values()}
    listening = dict(channels)
    while listening:
        try:
            end, value = interpreters.select(*listening, timeout=TIMEOUT)
        except TimeoutError:
            silent = sorted(listening.values())
            print('no reading for %s s from: %s' % (TIMEOUT, ', '.join(silent)))
            for end in listening:
                end.close(force=True)       # nobody will read these any more
            break
        if value is None:
            del listening[end]
        else:
            readings[listening[end]].append(value)

    for t in threads:
        t.join()
    for interp in interps:
        interp.destroy()
    for name, values in readings.items():
        print('%-11s %s' % (name, ' '.join(values) or '-'))
    for name, error in sorted(failures.items()):
        cause = error.__cause__             # a copy of the OSError raised in the sensor
        print('%s failed: %s: %s' % (name, type(cause).__name__, cause))


if __name__ == '__main__':
    main()
