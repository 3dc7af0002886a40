#!/usr/bin/env python3
"""Every module a target imports is one it declares in Package.swift.

SwiftPM on Linux lets a target import a module of the package that it reaches only through another
target (MotCuaSQLite once imported MotCuaDomain that way): the build works until the graph changes.
This check reads the manifest (`swift package dump-package`) and every target's sources, and fails on
an import of a module of the package, or of a product the manifest names, that the target does not
declare. The layers point downward by construction (SwiftPM refuses cycles); this keeps what is
declared equal to what is used.
"""
import json
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
manifest = json.loads(subprocess.run(
    ["swift", "package", "dump-package"], cwd=root, check=True, capture_output=True, text=True).stdout)

targets = {t["name"]: t for t in manifest["targets"]}


def dependency_names(target):
    names = set()
    for dependency in target["dependencies"]:
        kind = next(iter(dependency))
        names.add(dependency[kind][0])
    return names


known = set(targets)
for target in targets.values():
    known |= dependency_names(target)

import_line = re.compile(r"^\s*(?:@testable\s+|@_spi\([^)]*\)\s+)?(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")
failures = []
for name, target in targets.items():
    if target["type"] == "system":
        continue
    directory = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", name)
    declared = dependency_names(target)
    for folder, _, files in os.walk(os.path.join(root, directory)):
        for file in files:
            if not file.endswith(".swift"):
                continue
            path = os.path.join(folder, file)
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    match = import_line.match(line)
                    if match and match.group(1) in known and match.group(1) not in declared and match.group(1) != name:
                        failures.append(f"{os.path.relpath(path, root)}:{number}: {name} imports {match.group(1)} "
                                        f"without declaring it in Package.swift")
for failure in failures:
    print(failure, file=sys.stderr)
print(f"modules: {len(targets)} targets, {'ok' if not failures else f'{len(failures)} undeclared imports'}")
sys.exit(1 if failures else 0)
