"""The ``chorus`` command line: prints for people; logs (to files) for machines."""
