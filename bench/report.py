#!/usr/bin/python3
"""report.py DIR UNITS — bench/RESULTS.md from the raw results bench/run.sh left in DIR."""
import json
import os
import platform
import re
import subprocess
import sys

W, N = sys.argv[1], int(sys.argv[2])


def read(name, default="0"):
    try:
        return open(os.path.join(W, name)).read().strip() or default
    except OSError:
        return default


def manifest(name):
    return json.load(open(os.path.join(W, name, "manifest.json"), encoding="utf-8"))


def stats(name):
    m = manifest(name)
    ok = [r for r in m["results"] if r["status"] == "ok"]
    wall = float(read(name + ".wall"))
    size = sum(o["size"] for r in ok for o in r["outputs"])
    pdfs = [o["size"] for r in ok for o in r["outputs"] if o["path"].endswith(".pdf")]
    cpu = float(read(name + ".cpu"))
    return {
        "cpu": cpu, "cpu_unit_ms": 1000 * cpu / max(len(ok), 1),
        "pdf_bytes": sum(pdfs) / max(len(pdfs), 1),
        "units": len(m["results"]), "ok": len(ok), "wall": wall,
        "rate": len(ok) / wall if wall else 0,
        "wall_ms": 1000 * wall / max(len(ok), 1),
        "cpu_ms": sum(r["ms"] for r in ok) / max(len(ok), 1),
        "peak_mb": max((r["peak_kb"] for r in ok), default=0) / 1024,
        "bytes": size / max(len(ok), 1),
        "pages": sum(r["pages"] for r in ok) / max(len(ok), 1),
    }


def verify_stats(jobs):
    """Files verified, how many valid, and the wall time of `verify DIR` with `jobs` workers."""
    try:
        d = json.load(open(os.path.join(W, "verify%d.json" % jobs), encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return d["files"], d["valid"], float(read("verify%d.wall" % jobs))


def shard_lines(p, c2):
    """The sharded batch against one process, and the receiving side's files per second."""
    if os.path.exists(os.path.join(W, "shard4", "manifest.json")):
        s4 = stats("shard4")
        p("- **4 shards** (`batch --shard K/4`, 4 processes of one worker each on the 2 cores, one "
          "shared folder, then `manifest merge`; %d units, PDF + DOCX + signatures): %.1f s "
          "including the merge, against %.1f s for one process of 2 workers (×%.2f)." % (
              s4["units"], s4["wall"], c2["wall"], c2["wall"] / s4["wall"] if s4["wall"] else 0))
    v1, v2 = verify_stats(1), verify_stats(2)
    if v1 and v2:
        p("- **Receiving side** (`baocao verify DIR --json --csv`, every PDF and DOCX of run c): "
          "%d files (%d valid); 1 worker %.1f s, **%.0f files/s**; 2 workers %.1f s, **%.0f "
          "files/s** (×%.2f)." % (v2[0], v2[1], v1[2], v1[0] / v1[2] if v1[2] else 0, v2[2],
                                  v2[0] / v2[2] if v2[2] else 0, v1[2] / v2[2] if v2[2] else 0))


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def profile_rows():
    """Inclusive instruction shares of the stages of one unit, from callgrind."""
    stages = [
        ("load and check the data", r"bc_data_load\b"),
        ("build the document tree", r"bc_build\b"),
        ("PDF, all of it (lay out, draw, write)", r"bc_pdf_render\b"),
        ("… of which libharu writes the file (deflating its streams)", r"HPDF_SaveToStream\b"),
        ("PDF: font set-up (load or look up faces, Type0 fonts)", r"bc_fontset_need\b"),
        ("DOCX", r"bc_docx_render\b"),
        ("PDF signature (parse, update, CMS)", r"bc_sign_pdf\b"),
        ("RSA signatures (PDF and DOCX)", r"RSA_sign\b"),
        ("DOCX signature (CMS)", r"bc_cms_sign_detached\b"),
        ("text layout (line breaking, measuring)", r"bc_text_layout\b"),
        ("font subsets (HarfBuzz; in a batch mostly reused, pdf/subset.h)", r"bc_fontset_finish\b"),
        ("libharu: Type0 font set-up (HPDF_Type0Font_New, pdf/harufont.c)", r"HPDF_Type0Font_New\b"),
        ("page text written (pdf/textrun.c)", r"bc_textrun_show\b"),
        ("DOCX: zip written (parts deflated, docx/zpart.c)", r"bc_pkg_write\b"),
        ("libharu: streams deflated", r"HPDF_Stream_WriteToStreamWithDeflate\b"),
        ("layout loading (once per batch)", r"bc_layout_load\b"),
        ("key loading (once per batch)", r"bc_signer_load\b"),
        ("signature images prepared (once per batch)", r"bc_sign_image_load\b"),
    ]
    text = read("unit.profile", "")
    total = re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text)
    rows = []
    for label, pat in stages:
        best = None
        for line in text.splitlines():
            if re.search(pat, line):
                m = re.match(r"\s*([\d,]+) \(\s*([\d.]+)%\)", line)
                if m and (best is None or float(m.group(2)) > best):
                    best = float(m.group(2))
        rows.append((label, best))
    return (total.group(1) if total else "?"), rows


def requests(name):
    """What the loopback server answered during run NAME: TSA, OCSP, CRL requests."""
    lines = read(name + ".requests", "").splitlines()
    return [sum(1 for line in lines if line.startswith(k)) for k in ("POST /tsa", "POST /ocsp", "GET /crl/")]


def ratio(x, base):
    return "×%.2f" % (x / base) if base else "—"


def ltv_table(p):
    """B-B / B-T / B-LT / B-LTA per unit, as ratios to B-B of the same run."""
    lv = [(n, stats("ltv-" + k), requests("ltv-" + k))
          for n, k in (("B-B", "bb"), ("B-T", "bt"), ("B-LT", "blt"), ("B-LTA", "blta"))]
    base = lv[0][1]
    p("### Trusted time and long-term validation\n")
    p("PDF only, %d units, 2 workers, against the tests' loopback TSA, OCSP responder and CRL "
      "server (tests/e2e/helpers/ltv_server.py: one request at a time, each answer one `openssl` "
      "process, so these bound from above what a TSA on a LAN adds). Requests are those the "
      "server logged during the run.\n" % base["units"])
    p("| level | units ok | ms per unit (wall) | × B-B | ms per unit (one worker) | × B-B | bytes per unit | TSA / OCSP / CRL requests |")
    p("|---|---|---|---|---|---|---|---|")
    for n, st, (tsa, ocsp, crl) in lv:
        p("| %s | %d / %d | %.1f | %s | %.1f | %s | %s | %d / %d / %d |" % (
            n, st["ok"], st["units"], st["wall_ms"], ratio(st["wall_ms"], base["wall_ms"]),
            st["cpu_ms"], ratio(st["cpu_ms"], base["cpu_ms"]), "{:,}".format(int(st["bytes"])),
            tsa, ocsp, crl))
    p("")
    blt = lv[2]
    p("- B-T adds one TSA request per unit; B-LT adds the /DSS, whose OCSP answers and CRLs are "
      "remembered per worker until their nextUpdate (sign/revocation.h): %d OCSP requests and %d "
      "CRL downloads for %d units, not one per unit. B-LTA adds a second TSA request (the "
      "document timestamp)." % (blt[2][1], blt[2][2], blt[1]["units"]))
    p("")


def token_table(p):
    """The key on a SoftHSM2 token against the same key in a .p12 (bench/token.sh)."""
    try:
        t = json.load(open(os.path.join(W, "token", "summary.json")))
    except (OSError, ValueError):
        p("### Token signatures\n")
        p("bench/token.sh did not run (SoftHSM2 missing?): no token figures.\n")
        return
    n = t["units"]
    p12_2, tok_2, ec_2 = (1000.0 * t[k] / n for k in ("p12_2_s", "tok_2_s", "ec_2_s"))
    p12_1, tok_1 = (1000.0 * t[k] / n for k in ("p12_1_s", "tok_1_s"))
    p("### Token signatures (PKCS#11, SoftHSM2)\n")
    p("bench/token.sh in the same run (details in bench/TOKEN.md): the head of agency's keys on a "
      "SoftHSM2 token, `batch --format pdf --sign` over %d units, best of 2 interleaved runs.\n" % n)
    p("| what | token | in-process / .p12 | × |")
    p("|---|---|---|---|")
    p("| one RSA-3072 signature (token: bench/p11speed.c; in-process: `openssl speed`) | %.2f ms | %.2f ms | %s |"
      % (t["raw_rsa_ms"], t["ossl_rsa_ms"], ratio(t["raw_rsa_ms"], t["ossl_rsa_ms"])))
    p("| one RSA-3072 signature through baocao's token agent / on the token in-process | %.2f ms | %.2f ms | %s |"
      % (t["agent_rsa_ms"], t["direct_rsa_ms"], ratio(t["agent_rsa_ms"], t["direct_rsa_ms"])))
    p("| batch, ms per unit, 1 worker (RSA-3072) | %.1f | %.1f | %s |" % (tok_1, p12_1, ratio(tok_1, p12_1)))
    p("| batch, ms per unit, 2 workers (RSA-3072) | %.1f | %.1f | %s |" % (tok_2, p12_2, ratio(tok_2, p12_2)))
    p("| batch, ms per unit, 2 workers (P-256 on the token) | %.1f | %.1f | %s |" % (ec_2, p12_2, ratio(ec_2, p12_2)))
    p("")
    p("%d of %d token-signed PDFs were written. One token agent holds the session and signs one "
      "request at a time, so a token caps a batch at 1000 / (its signature in ms) units a second "
      "whatever the number of workers (here ~%.0f for RSA-3072)." % (
          t["ok"], n, 1000.0 / t["raw_rsa_ms"] if t["raw_rsa_ms"] else 0))
    p("")


def signature_costs(p):
    p("## What a signature costs: token, trusted time, long-term validation\n")
    if os.path.exists(os.path.join(W, "ltv-bb", "manifest.json")):
        ltv_table(p)
    token_table(p)


def floats(name):
    return [float(x) for x in read(name, "").split()]


def per_page():
    """CPU ms per page: the 10×-rows unit against the unit itself (medians of 5 runs)."""
    def median(v):
        v = sorted(v)
        return v[len(v) // 2] if v else 0
    base, big = median(floats("page-base.cpu")), median(floats("page-rows10.cpu"))
    pb, pr = int(read("page-base.pages")), int(read("page-rows10.pages"))
    return pb, pr, 1000 * base, 1000 * big, (1000 * (big - base) / (pr - pb) if pr > pb else 0)


def main():
    a, b, c = stats("a"), stats("b"), stats("c")
    c1, c2, c100 = stats("c1-1000"), stats("c2-1000"), stats("c2-100")
    lo_wall, lo_count = float(read("lo.wall")), int(read("lo.count"))
    lo_rate = lo_count / lo_wall if lo_wall else 0
    rsa = float(read("rsa.sign_per_s"))
    speedup = c1["wall"] / c2["wall"] if c2["wall"] else 0
    total, prof = profile_rows()
    out = []
    p = out.append
    p("# Benchmark results\n")
    p("Written by `make bench` (bench/run.sh, bench/report.py); numbers from one run. Machine: "
      "%d cores (%s), %s. Form `quy-3a`, a synthetic province of %d units made from the sample "
      "district report (%.1f pages per unit on average), 2 worker processes unless said.\n"
      % (os.cpu_count(), cpu_model(), platform.platform(), N, a["pages"]))
    rsa_ms = 1000 / rsa if rsa else 0
    p("| run | units ok | wall time | units/s | ms per unit (wall) | CPU ms per unit | … in RSA-3072 signatures | peak RSS per worker | bytes per unit | bytes per PDF |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    for label, s in (("(a) PDF", a), ("(b) PDF + DOCX", b), ("(c) PDF + DOCX + signatures", c)):
        p("| %s | %d / %d | %.1f s | %.1f | %.1f | %.1f | ×%.1f | %.1f MB | %s | %s |" % (
            label, s["ok"], s["units"], s["wall"], s["rate"], s["wall_ms"], s["cpu_unit_ms"],
            s["cpu_unit_ms"] / rsa_ms if rsa_ms else 0, s["peak_mb"],
            "{:,}".format(int(s["bytes"])), "{:,}".format(int(s["pdf_bytes"]))))
    p("")
    p("CPU ms per unit: user + system time of the batch and its workers over the units "
      "(bench/cputime.py), the measure that holds on a shared machine; \"in RSA-3072 "
      "signatures\": that time as a multiple of one signature by `openssl speed -seconds 1 "
      "rsa3072` in the same run (%.2f ms; a signed unit makes two, PDF and DOCX).\n" % rsa_ms)
    levels = [(lv, stats("z%d" % lv)) for lv in (1, 3, 6, 9)
              if os.path.exists(os.path.join(W, "z%d" % lv, "manifest.json"))]
    if levels:
        p("- **Deflate level** (BAOCAO_DEFLATE_LEVEL, %d signed units, one worker): %s. The "
          "default is 3 (pdf/harudeflate.c); font programs are deflated once per batch at 9 "
          "whatever the level." % (levels[0][1]["units"], "; ".join(
              "level %d %.1f CPU ms and %s bytes per PDF" % (
                  lv, st["cpu_unit_ms"], "{:,}".format(int(st["pdf_bytes"])))
              for lv, st in levels)))
    pb, pr, cb, cr, ms_page = per_page()
    p("- **Cost per page** (one unit signed, as one process, median of 5): %d pages %.0f CPU ms, "
      "the same unit with every list 10 times as long %d pages %.0f ms: **%.1f CPU ms per "
      "page**." % (pb, cb, pr, cr, ms_page))
    p("- **Speed-up from 1 to 2 workers** (c, %d units): %.1f s → %.1f s, **×%.2f**." % (
        c1["units"], c1["wall"], c2["wall"], speedup))
    p("- **Peak memory per worker as the batch grows** (c): %d units %.1f MB, %d units %.1f MB, "
      "%d units %.1f MB." % (c100["units"], c100["peak_mb"], c2["units"], c2["peak_mb"],
                             c["units"], c["peak_mb"]))
    lo_cpu_ms = 1000 * float(read("lo.cpu")) / max(lo_count, 1)
    lo1 = floats("lo1.cpu")
    lo1_ms = 1000 * sum(lo1) / len(lo1) if lo1 and int(read("lo1.count")) else 0
    p("- **LibreOffice** (`soffice --headless --convert-to pdf`, %d DOCX files of run b): in one "
      "process %.1f s, %.2f files/s, **%.0f CPU ms per file**; one process per file (%d files) "
      "**%.0f CPU ms per file**. LibreOffice converts on one core, so CPU per file compares "
      "like with like: baocao's PDF alone (a) costs %.1f CPU ms per unit, **%.0f×** less than "
      "LibreOffice in one process and **%.0f×** less than one process per file; PDF + DOCX + "
      "signatures (c) %.0f× and %.0f×." % (
          lo_count, lo_wall, lo_rate, lo_cpu_ms, len(lo1), lo1_ms, a["cpu_unit_ms"],
          lo_cpu_ms / a["cpu_unit_ms"] if a["cpu_unit_ms"] else 0,
          lo1_ms / a["cpu_unit_ms"] if a["cpu_unit_ms"] else 0,
          lo_cpu_ms / c["cpu_unit_ms"] if c["cpu_unit_ms"] else 0,
          lo1_ms / c["cpu_unit_ms"] if c["cpu_unit_ms"] else 0))
    p("- **Signing against its limit**: `openssl speed rsa3072` signs %.0f times a second on one "
      "core (%.0f on two). Run (c) makes %.1f RSA-3072 signatures a second (two per unit: the "
      "PDF and the DOCX), %.0f%% of that limit; the rest of the time goes to rendering." % (
          rsa, 2 * rsa, 2 * c["rate"], 100 * 2 * c["rate"] / (2 * rsa) if rsa else 0))
    shard_lines(p, c2)
    p("")
    p("## Against the targets\n")
    target_time = c["wall"] <= 30
    flat = c["peak_mb"] <= c100["peak_mb"] * 1.25 + 2
    p("| target | result | met |")
    p("|---|---|---|")
    p("| %d units, PDF + DOCX + signatures, 2 cores, at most 30 s | %.1f s | %s |" % (
        N, c["wall"], "yes" if target_time else "**no**"))
    # 30 s of 2 cores spread over the units: the CPU a unit may cost for the target to be met.
    budget = 30.0 * 2 * 1000 / N
    p("| … that is at most %.1f CPU ms per unit (30 s × 2 cores / %d units) | %.1f ms | %s |" % (
        budget, N, c["cpu_unit_ms"], "yes" if c["cpu_unit_ms"] <= budget else "**no**"))
    p("| bytes per signed PDF (quy-3a) at most 150 KB | %s | %s |" % (
        "{:,}".format(int(c["pdf_bytes"])), "yes" if c["pdf_bytes"] <= 150 * 1024 else "**no**"))
    p("| peak memory per worker under 64 MB | %.1f MB | %s |" % (
        c["peak_mb"], "yes" if c["peak_mb"] < 64 else "**no**"))
    p("| peak memory flat as the batch grows (100 → %d units) | %.1f → %.1f MB | %s |" % (
        N, c100["peak_mb"], c["peak_mb"], "yes" if flat else "**no**"))
    p("")
    signature_costs(p)
    p("## Where the time goes (callgrind, one unit, PDF + DOCX + signatures)\n")
    p("Instructions of one `baocao render --format pdf,docx --sign` of a unit: %s in all. "
      "Inclusive shares (stages overlap where one calls the other):\n" % total)
    once = sum(share or 0 for label, share in prof if "once per batch" in label)
    p("| stage | share of the process | share of a unit in a batch |")
    p("|---|---|---|")
    for label, share in prof:
        in_batch = "—" if share is None or "once per batch" in label else \
            "%.1f %%" % (100 * share / (100 - once))
        p("| %s | %s | %s |" % (label, "%.1f %%" % share if share is not None else "—", in_batch))
    p("")
    p("A batch pays the once-per-batch stages (%.0f %% of this process) once for all units; the last "
      "column is each stage's share of what remains, the cost of one unit in a batch." % once)
    p("")
    if not target_time:
        top = sorted(((share, label) for label, share in prof
                      if share is not None and "once per batch" not in label), reverse=True)[:4]
        p("The 30-second target is missed by %.2f×. What dominates a unit, by the profile above: "
          "%s." % (c["wall"] / 30.0, "; ".join("%s %.0f %%" % (l, sh) for sh, l in top)))
        busy = c["cpu_unit_ms"] * N / 1000 / 2
        p("")
        p("Run (c)'s CPU spread over both cores would take %.1f s; the other %.1f s of its wall time "
          "is time a core stands idle: work the batch's parent does alone (reading the units "
          "before the workers; the manifest and tong-hop.xlsx after them, which read each unit's "
          "PDF metadata and data again)." % (busy, c["wall"] - busy))
    print("\n".join(out))


if __name__ == "__main__":
    main()
