#!/usr/bin/env python3
"""unprivileged.py — runs a command as `nobody` when run as root (CI runs as root, and root
writes where file permissions say no), else as the current user.
Usage: unprivileged.py COMMAND [ARG...]"""
import os
import sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
argv = sys.argv[1:]
if os.geteuid() == 0:
    argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] + argv
os.execvp(argv[0], argv)
