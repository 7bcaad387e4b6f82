"""PEP 554, "Running a module": run a module of the program's package path in another interpreter.

    bin/interpreters examples/python/pep554/running_a_module.py

The PEP's `mod_name` is a placeholder: here it is 'sample_app', a package next to this file (every
interpreter gets the program's directory as sys.path[0], as the main one does), so runpy runs its
__main__ submodule. Otherwise unchanged.
"""
import interpreters

interp = interpreters.create()
main_module = 'sample_app'   # concrete stand-in for the PEP's mod_name
interp.run(f'import runpy; runpy.run_module({main_module!r})')
