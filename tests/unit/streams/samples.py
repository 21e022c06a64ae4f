"""One realistic native record per channel, plus how to break each one."""

from __future__ import annotations

import copy
from typing import Any

NATIVE: dict[str, dict[str, Any]] = {
    "web": {
        "hit_id": "5f0c2a9e-7d41-4c57-9a55-0f1e2d3c4b5a",
        "timestamp": "2025-03-04T10:22:05.123Z",
        "cookie_id": "ck-30b4d61eb7229682943ce4b9",
        "user": {"email": "Jane.Doe@Gmail.com ", "account": "A12345678"},
        "page": "/login",
        "event": "login",
        "lang": "en-US",
    },
    "mobile_app": {
        "event_uuid": "9b1d3c7e-1111-4222-8333-444455556666",
        "client_ts": 1741083725123,
        "install_id": "ios-0d5e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        "user_id": "A12345678",
        "platform": "ios",
        "app_version": "5.2.1",
        "screen": "profile",
        "action": "update_profile",
        "payload": {
            "address": "上海市浦东新区世纪大道１００号3栋1202室",
            "consent": {"push": True},
        },
    },
    "call_center": {
        "call_id": "CA0000012345",
        "started_at": "2025-03-04T05:22:05-05:00",
        "ended_at": "2025-03-04T05:31:40-05:00",
        "direction": "inbound",
        "ani": "(415) 555-0134",
        "agent_id": "AG0123",
        "queue": "service",
        "disposition": "profile_update",
        "notes": 'Customer called. Said: "I just got married last weekend!" Updated record.',
        "customer": {
            "account_no": "A12345678",
            "email": "jane.doe@gmail.com",
            "crm_contact_id": "CRM-00012345",
            "dob": "07/14/1985",
        },
        "updates": {"marital_status": "married", "last_name": "Smith"},
    },
    "email": {
        "message_id": "<1a2b.7f3e91c4d2aa@mail.chorus-retail.example>",
        "date": "Tue, 04 Mar 2025 18:22:05 +0800",
        "from": "王小明 <XiaoMing.Wang@QQ.com>",
        "to": "service@chorus-retail.example",
        "subject": "资料更新",
        "body": "您好，\n\n我刚搬到深圳市，新地址是深圳市南山区科技园路１２号。\n\n谢谢！\n王小明",
        "direction": "in",
        "campaign_id": None,
    },
    "sms": {
        "sid": "SM3f9a0c1b2d3e4f5a6b7c8d9e0f1a2b3c",
        "date_sent": "Tue, 04 Mar 2025 10:22:05 +0000",
        "from": "+886912345678",
        "to": "+886800555100",
        "body": "退訂",
        "direction": "inbound",
        "messaging_service_sid": "MG00aa",
        "campaign_id": None,
    },
    "chat": {
        "conversation_id": "CV-00012345",
        "seq": 3,
        "sent_at": 1741083725.512,
        "author": {"type": "visitor", "name": "美玲"},
        "visitor": {"id": "ck-9aaa60360e5ed9e70df29c40", "email": "MEILING.LIN@YAHOO.COM.TW"},
        "text": "我們的女兒上週出生了！請問怎麼把她加到我的家屬資料裡？",
        "locale": "zh-TW",
    },
    "store": {
        "receipt_no": "US-S012-20250304-0000173",
        "ts": "2025-03-04 18:22:05",
        "tz_offset": "-06:00",
        "store_id": "US-S012",
        "register": 3,
        "type": "sale",
        "loyalty_card": "LC0012345678",
        "phone": None,
        "currency": "USD",
        "tender": "card",
        "lines": [
            {"sku": "BAB-1001", "category": "baby", "qty": 1, "amount": "129.99"},
            {"sku": "GRO-2002", "category": "grocery", "qty": 2, "amount": "12.50"},
        ],
    },
    "branch": {
        "visit_ref": "BR-TW03-0000123",
        "checked_in": "2025-03-04T10:22:05+08:00",
        "branch_code": "TW03",
        "customer_no": "CRM-00012345",
        "phone": "0912-345-678",
        "purpose": "update_details",
        "advisor": "E1234",
        "notes": "客戶要求更新個人資料，已完成。",
        "form": {"employer": "台積電", "job_title": "資深軟體工程師", "dob": "1985/07/14"},
    },
    "partner": {
        "lead_id": "D17-0000123",
        "dealer_id": "D17",
        "submitted_at": "2025-03-04 10:22:05",
        "kind": "purchase",
        "dealer_customer_id": "C-00042",
        "contact": {"name": "Jane Doe", "email": "JANE.DOE@GMAIL.COM", "phone": "415 555 0134"},
        "loyalty_card": None,
        "product": {
            "category": "furniture",
            "model": "FU123",
            "amount": "1299.00",
            "currency": "USD",
        },
        "delivery_address": "550 Chestnut Rd, Phoenix, AZ 85098",
        "notes": None,
    },
    "social": {
        "post_id": "1765432109876543210",
        "created_time": "Tue Mar 04 10:22:05 +0000 2025",
        "platform": "weibo",
        "handle": "@小明爱旅行",
        "display_name": "王小明",
        "kind": "post",
        "text": "今天领证啦！💍 正式结婚了，谢谢大家的祝福！",
    },
}

# the field holding each record's own id, its timestamp field and a value that is not a time
ID_FIELD = {
    "web": "hit_id",
    "mobile_app": "event_uuid",
    "call_center": "call_id",
    "email": "message_id",
    "sms": "sid",
    "chat": "conversation_id",
    "store": "receipt_no",
    "branch": "visit_ref",
    "partner": "lead_id",
    "social": "post_id",
}
TIME_FIELD = {
    "web": ("timestamp", "04/03/2025 10:22"),
    "mobile_app": ("client_ts", "yesterday"),
    "call_center": ("started_at", "2025-03-04 05:22:05"),  # no offset
    "email": ("date", "sometime in March"),
    "sms": ("date_sent", "2025-13-45"),
    "chat": ("sent_at", "1741083725"),  # a string, not a number
    "store": ("ts", "2025-03-04T18:22"),
    "branch": ("checked_in", "next Tuesday"),
    "partner": ("submitted_at", "2025-03-04"),
    "social": ("created_time", "Tue Mar 99 10:22:05 +0000 2025"),
}
# overrides that leave a record naming no customer
ANONYMOUS: dict[str, dict[str, Any] | None] = {
    "web": {"cookie_id": None, "user": None},
    "mobile_app": {"install_id": None, "user_id": None},
    "call_center": {"ani": None, "customer": {}},
    "email": None,  # a message always has a sender and a recipient: not applicable
    "sms": None,
    "chat": {"visitor": {}},
    "store": {"loyalty_card": None, "phone": None},
    "branch": {"customer_no": None, "phone": None},
    "partner": {"dealer_customer_id": None, "contact": {"name": "Walk-in"}},
    "social": {"handle": None},
}


def native(channel: str, **overrides: Any) -> dict[str, Any]:
    record = copy.deepcopy(NATIVE[channel])
    record.update(overrides)
    return record
