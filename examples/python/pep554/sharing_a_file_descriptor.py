"""PEP 554, "Sharing a file descriptor": file descriptors are process-wide, so an fd opened here
can be read in another interpreter.

    bin/interpreters examples/python/pep554/sharing_a_file_descriptor.py

Changes from the PEP, which is a sketch here:
- it names the channels r1/s1 and r2/s2 but then uses r and s: we use r1/s1 for the fd and r2/s2
  for the "done" reply;
- 'spamspamspam' must exist: we write it first, in a temporary directory;
- the other interpreter needs `import os`;
- the PEP packs the fd in one byte; a JVM holds many files open, so its fd numbers can exceed 255:
  we use 4 bytes (an int could also be sent as is: ints are shareable);
- os.fdopen() would close the fd when its file object is closed or collected, while this
  interpreter closes it too at the end of `with open(...)`: the reader uses closefd=False.
"""
import os
import shutil
import tempfile
import textwrap as tw
import threading

import interpreters

tmpdir = tempfile.mkdtemp()
path = os.path.join(tmpdir, 'spamspamspam')
with open(path, 'w') as f:
    f.write('spam\nspam\nspam\n')

interp = interpreters.create()
r1, s1 = interpreters.create_channel()
r2, s2 = interpreters.create_channel()
def run():
    interp.run(tw.dedent("""
        import os
        fd = int.from_bytes(
                reader.recv(), 'big')
        with os.fdopen(fd, closefd=False) as lines:
            for line in lines:
                print(line)
        writer.send(b'')
        """),
        shared=dict(
            reader=r1,
            writer=s2,
            ),
        )
t = threading.Thread(target=run)
t.start()
with open(path) as infile:
    fd = infile.fileno().to_bytes(4, 'big')
    s1.send(fd)
    r2.recv()
t.join()
shutil.rmtree(tmpdir)
print('done: the other interpreter read the file through a shared file descriptor')
