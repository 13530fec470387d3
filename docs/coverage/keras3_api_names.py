#!/usr/bin/env python3
"""Lists the public names of Keras 3's API modules, the reference list of docs/COVERAGE.md.

    python3 docs/coverage/keras3_api_names.py KERAS_CHECKOUT > docs/coverage/keras3-api.txt

KERAS_CHECKOUT is a clone of github.com/keras-team/keras. The names are read from the generated
keras/api/<module>/__init__.py files (each public name is an `import ... as NAME` there), so the list is
exactly what `keras.<module>.NAME` offers in that version. Only the modules a Keras.Net user reaches for are
listed; within them, helpers every module has (get, serialize, deserialize) and sub-module names are left out.
"""
import ast
import os
import re
import sys

MODULES = [
    "layers", "losses", "metrics", "optimizers", "optimizers/schedules", "callbacks", "initializers",
    "regularizers", "constraints", "activations", "applications", "datasets", "utils", "models",
]
LEFT_OUT = {"get", "serialize", "deserialize", "legacy", "schedules"}


def version(root):
    text = open(os.path.join(root, "keras", "src", "version.py"), encoding="utf-8").read()
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def public_names(root, module):
    path = os.path.join(root, "keras", "api", *module.split("/"), "__init__.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    names = set()
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom):
            continue
        for alias in node.names:
            name = alias.asname or alias.name
            if name in LEFT_OUT:
                continue
            # keras.applications.resnet50 and its siblings are sub-modules holding the functions listed by their
            # own names; keras.datasets' sub-modules, though, are the data sets themselves.
            if module == "applications" and name[0].islower():
                continue
            names.add(name)
    return sorted(names)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    print(f"# Keras {version(root)} public API names, written by docs/coverage/keras3_api_names.py")
    for module in MODULES:
        print(f"[{module}]")
        for name in public_names(root, module):
            print(name)


if __name__ == "__main__":
    main()
