# Run by runpy.run_module('sample_app') (as the package's __main__ module) and by
# runpy.run_path() on the sample_app directory or on a zip archive of it.
import interpreters

print('sample_app.__main__ running as %r in interpreter %d' % (__name__, interpreters.get_current().id))
