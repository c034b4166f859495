class LoadError(Exception):
    """A file that cannot be read as an article. ``str(err)`` is one line for the user."""
