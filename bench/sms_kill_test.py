"""The sender's kill test at full size: a hundred SIGKILLs or more while text messages are sent to a
local server speaking Kavenegar's API; then nothing may have been sent twice and nothing lost.

    uv run python bench/sms_kill_test.py                          # 100 kills, 1500 messages
    uv run python bench/sms_kill_test.py --kills 300 --json bench/out/sms-kill.json

Prints the figures and exits 1 on a problem. See tests/sms/kill_sender.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sms import kill_sender  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kills", type=int, default=100)
    p.add_argument("--messages", type=int, default=1500)
    p.add_argument("--seed", type=int, default=1404)
    p.add_argument("--max-delay", type=float, default=0.6, help="seconds a worker may live after it is ready")
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = p.parse_args(argv)
    path = Path(tempfile.mkdtemp(prefix="sms-kill-")) / "club.sqlite3"

    def progress(k, f, fake):
        if k % 10 == 0 or k == args.kills:
            print(f"  {k:>4} kills  {len(fake.sent):>5} messages taken  {fake.lost} answers lost", flush=True)

    figures = kill_sender.run(path, args.kills, messages=args.messages, seed=args.seed, max_delay=args.max_delay,
                              progress=progress)
    d = figures.as_dict()
    print(f"kills                       {d['kills']}")
    print(f"messages queued             {d['messages']}")
    print(f"messages the server took    {d['taken']} (each once: {not any('twice' in p for p in d['problems'])})")
    print(f"send calls                  {d['sends']}")
    print(f"answers lost (taken, 500)   {d['lost_answers']}")
    print(f"found by local id after a crash or a lost answer, not sent again: {d['found_after_crash']}")
    print(f"problems                    {len(d['problems'])}")
    for problem in d["problems"][:20]:
        print(f"  {problem}")
    print(f"seconds                     {d['seconds']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(d, indent=2))
    return 1 if d["problems"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
