"""Synthetic interaction JSON Lines for throughput runs and a smoke test.

``python -m tests.unit.processors.detection.synthetic [N]`` times ``detect_lines`` over N events.
The mix: ~35% of events carry text (a fifth of those mention a life event, the rest is service
chatter), ~10% an address (mostly re-spelt, sometimes a move), ~10% structured attributes, ~25%
purchases, the rest page views; 1 customer per ~10 events, in time order.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from tests.unit.processors.detection.heldout import HELDOUT
from tests.unit.processors.detection.labelled import ALL

_CHATTER = [
    "Where is my parcel? It was due yesterday.",
    "I can't log in to the app, it says my password is wrong.",
    "Please send me a copy of last month's statement.",
    "The store on Main Street was out of stock again.",
    "我的订单什么时候发货？",
    "請問信用卡的年費是多少？",
    "Can I change the delivery slot to Saturday morning?",
    "Thanks, the agent was very helpful.",
]
_EVENT_TEXTS = [text for text, _, tag in ALL + HELDOUT if tag != "out"]
_ADDRESSES = [
    ("5 Oak Street, Springfield, IL 62704", "5 oak st springfield illinois 62704"),
    ("广州市天河区体育西路103号B座201", "广州天河体育西路一百零三号Ｂ座２０１"),
    ("臺北市大安區忠孝東路四段1號", "台北市大安区忠孝东路4段1号"),
    ("12 Elm Rd Apt 4, Boston MA 02110", "12 Elm Road Unit 4 Boston Massachusetts 02110-1234"),
]
_CHANNELS = ["web", "mobile_app", "call_center", "email", "sms", "chat", "store", "branch"]
_CATEGORIES = ["groceries", "garden", "electronics", "diapers", "books", "baby_formula", "toys"]


def synthetic_lines(n: int, seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    customers = max(1, n // 10)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(n):
        cust = rng.randrange(customers)
        record: dict[str, object] = {
            "event_id": f"syn-{i}",
            "occurred_at": (start + timedelta(seconds=i * 60)).isoformat(),
            "channel": rng.choice(_CHANNELS),
            "identifiers": {"account_id": f"A{cust}", "email": f"user{cust}@example.com"},
            "type": "page_view",
            "direction": "outbound" if rng.random() < 0.05 else "inbound",
        }
        roll = rng.random()
        attributes: dict[str, str] = {}
        if roll < 0.35:
            record["type"] = "message"
            pool = _EVENT_TEXTS if rng.random() < 0.2 else _CHATTER
            record["text"] = rng.choice(pool)
        elif roll < 0.45:
            record["type"] = "address_update"
            home = _ADDRESSES[cust % len(_ADDRESSES)]
            moved = rng.random() < 0.1
            attributes["address"] = (
                _ADDRESSES[(cust + 1) % len(_ADDRESSES)][0] if moved else rng.choice(home)
            )
        elif roll < 0.55:
            record["type"] = "profile_update"
            attributes["marital_status"] = rng.choice(["single", "married", "已婚"])
            attributes["employer"] = rng.choice(["Acme Inc", "Globex", "ACME"])
            attributes["job_title"] = rng.choice(["Engineer", "Senior Engineer", "Manager"])
            attributes["dependents_count"] = str(rng.randrange(3))
        elif roll < 0.8:
            record["type"] = "purchase"
            attributes["product_category"] = rng.choice(_CATEGORIES)
            attributes["amount"] = f"{rng.uniform(1, 300):.2f}"
        if attributes:
            record["attributes"] = attributes
        yield json.dumps(record, ensure_ascii=False)


if __name__ == "__main__":
    import sys
    import time
    from collections import Counter

    from processors.detection import detect_lines

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    lines = list(synthetic_lines(n))
    began = time.perf_counter()
    outputs = list(detect_lines(lines))
    took = time.perf_counter() - began
    kinds = Counter(json.loads(o)["type"] for o in outputs)
    print(f"{n} events in {took:.2f}s: {n / took:,.0f} events/s; {len(outputs)} detections")
    print(dict(kinds))
