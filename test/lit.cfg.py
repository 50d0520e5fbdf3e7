# lit configuration: every *.pipe and *.test file under test/ is a test whose `RUN:` lines
# run plumb and check its output with FileCheck. Helper files live in `Inputs/` folders.
import os
import shutil

import lit.formats

config.name = "plumb"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".pipe", ".test"]
config.excludes = ["Inputs", "unit", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)

config.environment["PATH"] = os.pathsep.join(
    [config.plumb_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# Colours and terminal detection must not change what tests see.
config.environment["NO_COLOR"] = "1"
for name in ("OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_ENDPOINT", "TRACEPARENT", "PLUMB_LOG",
             "PLUMB_STORE", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_METRICS_EXPORTER"):
    config.environment.pop(name, None)
# The user's own configuration file (docs/config.md) must not change what tests see: its
# folder is one that does not exist. Tests of the file set XDG_CONFIG_HOME themselves.
config.environment["XDG_CONFIG_HOME"] = os.path.join(config.plumb_binary_root, "no-user-config")
# Every `plumb run` records into .plumb/runs.db in its working directory: the test's folder
# under build/test/ (lit runs a test there), or %t when a test changes into it. Tests that
# change into the source tree (`cd %src`) set PLUMB_STORE to a file next to %t.

plumb = os.path.join(config.plumb_tools_dir, "plumb")
# `%run` runs a program on the back end chosen with `--param backend=interp|jit` (default
# interp); every positive program test uses it, so the suite runs once per back end.
backend = lit_config.params.get("backend", "interp")
# Each back end's run has its own output tree: ctest runs the two suites at once, and tests
# that share `%t` paths would trample each other.
config.test_exec_root = os.path.join(
    config.plumb_binary_root, "test" if backend == "interp" else "test-" + backend)
config.available_features.add("backend-" + backend)
config.substitutions.append(("%run", plumb + " run --backend " + backend))
# The LLVM JIT is always built; test/jit/ checks its IR.
config.available_features.add("jit")
config.substitutions.append(("%plumb", plumb))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%src", config.plumb_source_root))
config.substitutions.append(("%examples", os.path.join(config.plumb_source_root, "examples")))

# Before `%plumb`, which is a prefix of it.
config.substitutions.insert(0, ("%plumb_build", config.plumb_binary_root))
if config.sanitized:
    config.available_features.add("sanitized")
else:
    # An application built against the installed package links without the sanitizers.
    config.available_features.add("install")

# `REQUIRES: postgres`: a PostgreSQL 15 server can be started (test/store/Inputs/with_postgres.py).
if os.path.exists("/usr/lib/postgresql/15/bin/initdb"):
    config.available_features.add("postgres")

# `REQUIRES: dot`: Graphviz is installed, so the tests can render `plumb graph` output.
if shutil.which("dot"):
    config.available_features.add("dot")
