#!/usr/bin/python3
"""rows.py UNIT.yaml K OUT.yaml — the unit with every list of rows (a list of mappings) K times as
long, each row repeated K times in place: the benchmark's cost per page (bench/run.sh)."""
import copy
import sys

import yaml


def grow(node, k):
    if isinstance(node, dict):
        return {key: grow(v, k) for key, v in node.items()}
    if isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        return [grow(copy.deepcopy(x), k) for x in node for _ in range(k)]
    if isinstance(node, list):
        return [grow(x, k) for x in node]
    return node


def main():
    src, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    data = yaml.safe_load(open(src, encoding="utf-8"))
    with open(out, "w", encoding="utf-8") as f:
        yaml.safe_dump(grow(data, k), f, allow_unicode=True, sort_keys=False)


main()
