"""PEP 554, "Passing objects via marshal": only data crosses, so serialize richer objects to bytes.

    bin/interpreters examples/python/pep554/passing_objects_via_marshal.py

The PEP's `input` and `do_something()` are placeholders: here `input` is a list of objects that
are not shareable as they are (float, tuple, list, dict, set...), and do_something() prints what
arrived; this interpreter imports marshal too (the PEP omits it). Otherwise unchanged: None
(shareable, and falsy) tells the reader to stop.
"""
import marshal
import textwrap as tw
import threading

import interpreters

interp = interpreters.create()
r, s = interpreters.create_channel()
interp.run(tw.dedent("""
    import marshal

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
            obj = marshal.loads(data)
            do_something(obj)
            data = reader.recv()
        reader.release()
        """))
t = threading.Thread(target=run)
t.start()
input = [3.25, (1, 'two'), [None, True], {'a': 1, 'b': [2, 3]}, frozenset({7})]   # concrete stand-in
for obj in input:
    data = marshal.dumps(obj)
    s.send(data)
s.send(None)
