"""Branch: one visit logged in the branch CRM (service centers, financial-services desks).

Native shape::

    {
      "visit_ref": "BR-SH01-000123",
      "checked_in": "2025-03-04T10:22:05+08:00",   # ISO 8601 with the branch's offset
      "branch_code": "SH01",
      "customer_no": "CRM-00012345",              # our CRM id, from the ID check
      "phone": "…" | null,                         # contact number confirmed at the desk
      "purpose": "general" | "open_account" | "update_details" | "address_change"
                 | "mortgage_enquiry" | "complaint" | "estate" | "retirement_planning",
      "advisor": "E1234",
      "notes": "…",                                # advisor's notes, free text
      "form": {                                    # fields the customer filled in, optional
        "address": "…", "marital_status": "married", "employer": "…", "job_title": "…",
        "employment_status": "…", "dependents_count": "2",
        "dob": "1985/07/14"                        # YYYY/MM/DD on the paper form
      }
    }
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, Mapped, identifiers

_PURPOSES = {
    "general": "visit",
    "open_account": "service_request",
    "update_details": "profile_update",
    "address_change": "address_update",
    "mortgage_enquiry": "service_request",
    "retirement_planning": "service_request",
    "complaint": "complaint",
    "estate": "service_request",
}


class BranchAdapter(ChannelAdapter):
    channel = "branch"
    source_system = "branch-crm"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "visit_ref")
        kind = self.choice(native, "purpose", _PURPOSES, native_id=nid)
        form = self.mapping(native, "form", native_id=nid)
        attributes: dict[str, Any] = {
            "branch_code": self.text(native, "branch_code", native_id=nid),
            "advisor": self.text(native, "advisor", native_id=nid),
            "purpose": self.text(native, "purpose", native_id=nid),
        }
        for key, value in form.items():
            if key == "dob":
                attributes["date_of_birth"] = self.date_text(form, "dob", "%Y/%m/%d", native_id=nid)
            else:
                attributes[str(key)] = self.as_text(value, f"form.{key}", native_id=nid)
        return Mapped(
            native_id=nid,
            occurred_at=self.iso_time(native, "checked_in", native_id=nid),
            direction="inbound",
            interaction_type=kind,
            identifiers=identifiers(
                crm_id=self.text(native, "customer_no", native_id=nid),
                phone=self.text(native, "phone", native_id=nid),
            ),
            text=self.text(native, "notes", native_id=nid),
            attributes=attributes,
        )
