"""PEP 554, "Re-raising an exception": exc.__cause__ stands for the original exception.

    bin/interpreters examples/python/pep554/reraising_an_exception.py

Unchanged from the PEP. For a built-in exception type, __cause__ is an instance of that same type
(a copy made in this interpreter: objects never cross), so `except KeyError` catches it.
"""
import textwrap as tw

import interpreters

interp = interpreters.create()
try:
    try:
        interp.run(tw.dedent("""
            raise KeyError
            """))
    except interpreters.RunFailedError as exc:
        raise exc.__cause__
except KeyError:
    print("got a KeyError from the subinterpreter")
