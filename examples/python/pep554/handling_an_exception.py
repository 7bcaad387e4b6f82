"""PEP 554, "Handling an exception": an uncaught exception in run() becomes RunFailedError.

    bin/interpreters examples/python/pep554/handling_an_exception.py

Unchanged from the PEP. str(exc) is the traceback printed in the other interpreter.
"""
import textwrap as tw

import interpreters

interp = interpreters.create()
try:
    interp.run(tw.dedent("""
        raise KeyError
        """))
except interpreters.RunFailedError as exc:
    print(f"got the error from the subinterpreter: {exc}")
