"""Address normalisation: formatting differences fold away, real differences stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processors.detection import AddressRelation, compare_addresses, normalise_address, same_address


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # full-width letters and digits
        ("广州市天河区体育西路103号Ｂ座２０１", "广州市天河区体育西路103号B座201"),
        ("５ Ｏａｋ Ｓｔｒｅｅｔ", "5 Oak Street"),
        # case, whitespace, punctuation
        ("5 oak street,   springfield", "5 OAK STREET SPRINGFIELD"),
        # street types, directionals, unit designators
        ("123 North Main Street, Suite 200", "123 N. Main St., Ste. 200"),
        ("5 Oak Ave Apt 3", "5 Oak Avenue Unit 3"),
        ("5 Oak Ave #3", "5 Oak Avenue Apartment 3"),
        ("10 Elm Rd", "10 Elm Road"),
        ("77 Sunset Blvd", "77 Sunset Boulevard"),
        ("9 Market St SW", "9 Market Street Southwest"),
        # PO boxes
        ("P.O. Box 12, Boston MA", "PO Box 12 Boston MA"),
        ("Post Office Box 12, Boston, MA 02110", "POB 12 Boston MA 02110"),
        # state names, ZIP+4, country
        ("5 Oak St, Springfield, IL 62704", "5 Oak Street Springfield Illinois 62704-1234"),
        ("5 Oak St, Springfield, IL 62704, USA", "5 Oak St Springfield IL 62704"),
        # Chinese administrative suffixes and province
        ("广州市天河区体育西路103号", "广州天河体育西路103号"),
        ("广东省广州市天河区体育西路103号", "广州市天河区体育西路103号"),
        ("中国北京市朝阳区建国路88号", "北京朝阳建国路88号"),
        # Chinese numerals
        ("广州市越秀区中山二路5号", "广州市越秀区中山2路5号"),
        ("体育西路一百零三号", "体育西路103号"),
        ("B座二零一室", "B座201"),
        ("3号楼2单元", "3栋2单元"),
        # traditional and variant characters
        ("臺北市大安區忠孝東路四段1號", "台北市大安区忠孝东路4段1号"),
        ("九龍彌敦道1號", "九龙弥敦道1号"),
        ("香港特別行政區九龍彌敦道1號", "香港九龙弥敦道1号"),
        ("新界沙田大圍村裏5號", "新界沙田大围村里5号"),
    ],
)
def test_formatting_differences_are_equal(a: str, b: str) -> None:
    assert normalise_address(a) == normalise_address(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("5 Oak Street", "6 Oak Street"),  # number
        ("5 Oak Street", "5 Elm Street"),  # street
        ("5 Oak Street", "5 Oak Avenue"),  # street type
        ("5 Oak St Apt 3", "5 Oak St Apt 4"),  # unit
        ("5 Oak St, Springfield IL 62704", "5 Oak St, Shelbyville IL 62704"),  # city
        ("5 Oak St, Springfield IL 62704", "5 Oak St, Springfield IL 62705"),  # postcode
        ("广州市天河区体育西路103号", "深圳市天河区体育西路103号"),  # city
        ("广州市天河区体育西路103号", "广州市天河区体育东路103号"),  # street
        ("广州市天河区体育西路103号B座201", "广州市天河区体育西路103号B座202"),  # room
        ("北京市朝阳区建国路88号", "上海市朝阳区建国路88号"),  # municipality
    ],
)
def test_real_differences_stay_different(a: str, b: str) -> None:
    assert not same_address(a, b)


def test_less_and_more_complete_renderings() -> None:
    full, short = normalise_address("广州市天河区体育西路103号"), normalise_address("体育西路103号")
    assert compare_addresses(full, short) is AddressRelation.LESS_SPECIFIC
    assert compare_addresses(short, full) is AddressRelation.MORE_SPECIFIC
    street = normalise_address("5 Oak St")
    with_city = normalise_address("5 Oak Street, Springfield, IL 62704")
    assert compare_addresses(street, with_city) is AddressRelation.MORE_SPECIFIC
    # a unit is not "more of the same place": it is a different dwelling
    with_unit = normalise_address("5 Oak St Apt 3")
    assert compare_addresses(street, with_unit) is AddressRelation.DIFFERENT


def test_nothing_address_like_normalises_to_empty() -> None:
    assert normalise_address("  ,.;  ") == ""
    assert normalise_address("") == ""


_ADDRESS_ALPHABET = st.sampled_from(
    list("0123456789 ,.-#/abcXYZ")
    + list("路号市区省县栋座室单元一二三四十百千零两第臺裏广州天河")
    + ["Ｂ", "２", "St", "Street", "Apt", "P.O. Box", "North", "Illinois", "USA", "中国", "广东省"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ADDRESS_ALPHABET, max_size=25).map("".join))
def test_normalisation_is_idempotent_on_address_like_text(raw: str) -> None:
    once = normalise_address(raw)
    assert normalise_address(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normalisation_is_idempotent_on_any_text(raw: str) -> None:
    once = normalise_address(raw)
    assert normalise_address(once) == once


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Flat 4, 22 Queens Road", "22 Queens Rd Flat 4"),  # UK flat, unit written first
        ("Unit 5/22 Smith St", "22 Smith Street Unit 5"),
        ("5 Oak St Apt 3 B", "5 Oak Street Apt 3B"),
        ("100 Fifth Avenue", "100 5th Ave"),
        ("One Main Street", "1 Main St"),
    ],
)
def test_more_formatting_differences_are_equal(a: str, b: str) -> None:
    assert normalise_address(a) == normalise_address(b)


def test_a_chinese_district_left_out_is_a_less_specific_rendering() -> None:
    full, short = normalise_address("广州天河体育西路103号"), normalise_address("广州体育西路103号")
    assert compare_addresses(full, short) is AddressRelation.LESS_SPECIFIC
    # one character is a different street, not a region: 人民南路 is not 人民路
    assert not same_address("成都人民南路4段1号", "成都人民路4段1号")
