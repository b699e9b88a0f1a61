#!/usr/bin/env python3
"""The calibration table of scripts/trust-calibration.sh from its output directory (run from inside it).
Arguments: the run specs NAME|DATA|MODEL|..., as in the shell script."""
import json, os, sys
rows, bad = [], []
print("| run | model | def | window | verdict | spot r [95% CI] (K) | secant gap | scale | LOO r (n) |")
print("|---|---|---|---|---|---|---|---|---|")
for spec in sys.argv[1:]:
    name, data, model = spec.split("|")[:3]
    for d in ("local", "global"):
        tf, af = f"{name}/trust-{d}.json", f"{name}/agree-{d}.json"
        if not (os.path.exists(tf) and os.path.exists(af)):
            continue
        t, a = json.load(open(tf)), json.load(open(af))
        loo = {w["window"]: w for w in a["windows"]}
        for w in t["windows"]:
            s, l = w["spot_check"], loo[w["window"]]
            f = lambda v: "NaN" if v is None else f"{v:.2f}"
            g = lambda v: "NaN" if v is None else f"{v:.3g}"
            r = l["pearson"]["value"] if isinstance(l["pearson"], dict) else l["pearson"]
            print(f"| {name} | {model} | {d[0].upper()} | {w['window']} | {w['verdict']} | {f(s['pearson'])} [{f(s['pearson_ci_low'])}, {f(s['pearson_ci_high'])}] ({s['n']}) | {g(s['secant_gap'])} | {g(s['scale_ratio'])} | {f(r)} ({l['n']}) |")
            if w["verdict"] == "reliable" and not (s["pearson"] is not None and s["pearson"] >= 0.9):
                bad.append(f"{name} {d} {w['window']}: reliable with spot r {s['pearson']}")
            if (r is None or r < 0.5) and w["verdict"] != "unreliable":
                bad.append(f"{name} {d} {w['window']}: LOO r {r} but {w['verdict']}")
print()
print("calibration rule holds on every row" if not bad else "CALIBRATION RULE VIOLATED:\n" + "\n".join(bad))
