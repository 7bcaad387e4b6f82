"""PEP 554, "Passing objects via pickle": instances of library classes travel as pickled bytes.

    bin/interpreters examples/python/pep554/passing_objects_via_pickle.py

The PEP's `input` and `do_something()` are placeholders: here `input` holds instances of
standard-library classes, which the other interpreter imports by name when it unpickles, and
do_something() prints what arrived; this interpreter imports pickle too (the PEP omits it).
Otherwise unchanged: None (falsy) tells the reader to stop.
The received objects are copies, built in the other interpreter from the bytes.
"""
import collections
import datetime
import fractions
import pickle
import textwrap as tw
import threading

import interpreters

interp = interpreters.create()
r, s = interpreters.create_channel()
interp.run(tw.dedent("""
    import pickle

    def do_something(obj):   # concrete stand-in for the PEP's placeholder
        print('received %s: %r' % (type(obj).__name__, obj))
    """),
    shared=dict(
        reader=r,
        ),
    )
def run():
    interp.run(tw.dedent("""
        data = reader.recv()
        while data:
            obj = pickle.loads(data)
            do_something(obj)
            data = reader.recv()
        reader.release()
        """))
t = threading.Thread(target=run)
t.start()
input = [fractions.Fraction(1, 3), datetime.date(2019, 6, 1),   # concrete stand-in
         collections.OrderedDict(spam=1, eggs=2), collections.deque([1, 2, 3])]
for obj in input:
    data = pickle.dumps(obj)
    s.send(data)
s.send(None)
