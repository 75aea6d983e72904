"""`python -m paperpass`: the same as the `paperpass` command."""

from paperpass.cli import main

if __name__ == "__main__":
    main()
