from processors.timeline import SUMMARY_TEXT_CHARS, interaction_entry, summarise
from tests.unit.factories import interaction


def test_summary_uses_text_collapsed_and_shortened():
    text = "I   want to\ncomplain " + "x" * 200
    line = summarise(interaction(text=text, interaction_type="complaint", channel="call_center"))
    assert line.startswith("inbound complaint via call_center: I want to complain x")
    assert len(line.split(": ", 1)[1]) == SUMMARY_TEXT_CHARS


def test_summary_without_text_shows_key_attributes():
    record = interaction(attributes={"product_category": "diapers", "amount": "12.50"})
    assert summarise(record) == "inbound page_view via web (product_category=diapers, amount=12.50)"


def test_entry_is_keyed_by_customer_and_deterministic():
    entry = interaction_entry(interaction(), "email:a")
    assert entry == interaction_entry(interaction(), "email:a")
    assert entry["customer_id"] == "email:a"
    assert entry["entry_kind"] == "interaction"
