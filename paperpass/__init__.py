"""paperpass: a research-paper reading assistant for the terminal."""

__version__ = "0.1.0"
