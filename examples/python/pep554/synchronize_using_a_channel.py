"""PEP 554, "Synchronize using a channel": the other interpreter waits until this one sends.

    bin/interpreters examples/python/pep554/synchronize_using_a_channel.py

Unchanged from the PEP. The output is always before, after, during: the other interpreter prints
only once it has received, and this thread sends only after printing 'after'. Our send() returns
once the receiver has taken the object (an unbuffered rendezvous, as the 2019 PEP specifies).
"""
import textwrap as tw
import threading

import interpreters

interp = interpreters.create()
r, s = interpreters.create_channel()
def run():
    interp.run(tw.dedent("""
        reader.recv()
        print("during")
        reader.release()
        """),
        shared=dict(
            reader=r,
            ),
        )
t = threading.Thread(target=run)
print('before')
t.start()
print('after')
s.send(b'')
s.release()
