"""PEP 554, "Running as script (including zip archives & directories)".

    bin/interpreters examples/python/pep554/running_as_script.py

The PEP's `path_name` is a placeholder: here we run, in turn, a script file, a directory with a
__main__.py, and a zip archive of that directory (written to a temporary directory first). Each
runs in the same new interpreter, one run() after the other. One addition: sys.argv (below).
"""
import os
import shutil
import tempfile
import zipfile

import interpreters

here = os.path.dirname(os.path.abspath(__file__))
app = os.path.join(here, 'sample_app')
tmpdir = tempfile.mkdtemp()
archive = os.path.join(tmpdir, 'sample_app.zip')
with zipfile.ZipFile(archive, 'w') as z:
    z.write(os.path.join(app, '__main__.py'), '__main__.py')

interp = interpreters.create()
# runpy.run_path() swaps sys.argv[0] while the script runs, so sys.argv must not be empty. A new
# interpreter here starts with sys.argv == [] (CPython's start with at least ['']); give it the
# argv a script would get, as python3 does.
interp.run('import sys; sys.argv = [""]')
for path_name in (os.path.join(app, 'tool.py'), app, archive):   # concrete stand-ins for path_name
    print('running %s' % os.path.relpath(path_name, here if path_name != archive else tmpdir))
    main_script = path_name
    interp.run(f"import runpy; runpy.run_path({main_script!r})")
shutil.rmtree(tmpdir)
