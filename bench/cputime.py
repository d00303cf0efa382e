#!/usr/bin/python3
"""cputime.py OUT COMMAND… — runs COMMAND and writes to OUT the CPU seconds it and every process
it waited for used (user + system, getrusage), the measure bench/run.sh compares: on a shared
machine wall time says more about the neighbours than about baocao. Exits with COMMAND's status."""
import resource
import subprocess
import sys

status = subprocess.call(sys.argv[2:])
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write("%.4f\n" % (ru.ru_utime + ru.ru_stime))
sys.exit(status)
