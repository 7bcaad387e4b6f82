# Run by runpy.run_path('.../sample_app/tool.py') in running_as_script.py.
import interpreters

print('tool.py running as %r in interpreter %d' % (__name__, interpreters.get_current().id))
