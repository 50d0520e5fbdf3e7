#!/usr/bin/env python3
"""unprivileged.py — runs a command that obeys file permissions even when run as root (CI runs
as root, and root writes where file permissions say no). As root, the command keeps user 0 but
loses the capabilities that bypass permission checks (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so
it can still read what root owns wherever the tree was cloned (even under a 0700 folder) and
cannot write into a folder without write permission; as any other user it runs unchanged.
Usage: unprivileged.py COMMAND [ARG...]"""
import os
import sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
argv = sys.argv[1:]
if os.geteuid() == 0:
    argv = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] + argv
os.execvp(argv[0], argv)
