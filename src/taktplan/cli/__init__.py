"""The ``takt`` command line."""
