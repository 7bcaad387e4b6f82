"""A tiny package used by running_a_module.py and running_as_script.py (not an example itself)."""
