#!/usr/bin/python3
"""gen-units.py SAMPLE.yaml COMPUTED_KEYS N OUTDIR — N synthetic units for the benchmark.

Each unit is the sample with its counts scaled by a factor of its own (0.6 … 1.4, the same for every
count of the unit, so relations such as "a part is not above its total" still hold), its agency
name numbered, and the computed figures left out for baocao to compute. Unit codes are five-digit,
like commune codes. COMPUTED_KEYS is a file with one key per line (`baocao fields` marks them)."""
import math
import os
import sys

import yaml


def scale(node, k, computed, key=""):
    if isinstance(node, dict):
        return {kk: scale(v, k, computed, kk) for kk, v in node.items() if kk not in computed}
    if isinstance(node, list):
        return [scale(v, k, computed, key) for v in node]
    if isinstance(node, bool):
        return node
    if isinstance(node, int) and key.startswith("nam"):
        return node  # a year ("nam_bao_cao")
    if isinstance(node, int):
        return int(math.floor(node * k))
    return node


def main():
    sample, computed_file, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    data = yaml.safe_load(open(sample, encoding="utf-8"))
    computed = {l.strip() for l in open(computed_file, encoding="utf-8") if l.strip()}
    os.makedirs(out, exist_ok=True)
    name_keys = [k for k in ("ten_co_quan", "ten_don_vi", "co_quan") if k in data]
    for i in range(n):
        k = 0.6 + 0.8 * ((i * 7919) % 1000) / 1000.0
        unit = scale(data, k, computed)
        for key in name_keys:
            unit[key] = "%s (đơn vị %d)" % (data[key], i + 1)
        with open(os.path.join(out, "%05d.yaml" % (20000 + i)), "w", encoding="utf-8") as f:
            yaml.safe_dump(unit, f, allow_unicode=True, sort_keys=False)


if __name__ == "__main__":
    main()
