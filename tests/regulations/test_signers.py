"""Issue 13: the people who really sign and register, as roles of the regulation with the
levels they exist at."""

from __future__ import annotations

import pytest

from khth.accounts.actions import AccountError, add_membership, create_user, import_users
from khth.regulations.loader import parse_regulation
from khth.regulations.schema.references import validate_references

NEW_ROLES = {
    "political_chief": ("quan-khu", "su-doan", "trung-doan"),
    "deputy_political_chief": ("quan-khu", "su-doan", "trung-doan"),
    "deputy_commissar": ("tong-cuc", "quan-khu", "su-doan", "trung-doan"),
    "deputy_political_officer": ("tieu-doan", "dai-doi"),
    "party_secretary": ("quan-khu", "su-doan", "trung-doan", "tieu-doan", "dai-doi"),
    "deputy_party_secretary": ("quan-khu", "su-doan", "trung-doan", "tieu-doan", "dai-doi"),
}


def test_the_hierarchys_roles_exist_at_their_levels(default_text: str) -> None:
    reg = parse_regulation(default_text, "default.yaml")
    for code, levels in NEW_ROLES.items():
        assert reg.role(code).levels == levels, code
    # There is no trợ lý at battalion or company (domain §3).
    assert not reg.role("assistant").exists_at("tieu-doan")
    assert not reg.role("assistant").exists_at("dai-doi")
    assert reg.role("assistant").exists_at("trung-doan")


def test_the_clerk_only_registers(default_text: str) -> None:
    reg = parse_regulation(default_text, "default.yaml")
    assert set(reg.role("clerk").permissions) == {"unit.view", "document.register"}


def test_the_deputy_signs_with_the_commissars_rights(default_text: str) -> None:
    reg = parse_regulation(default_text, "default.yaml")
    assert set(reg.role("deputy_commissar").permissions) == set(
        reg.role("political_officer").permissions
    )


def test_a_role_at_an_unknown_level_is_refused(default_text: str) -> None:
    reg = parse_regulation(default_text, "default.yaml")
    roles = list(reg.roles)
    index = next(i for i, r in enumerate(roles) if r.code == "clerk")
    roles[index] = roles[index].model_copy(update={"levels": ("lu-doan",)})
    problems = validate_references(reg.model_copy(update={"roles": tuple(roles)}))
    assert any(path[:3] == ("roles", index, "levels") for path, _ in problems)


def test_a_trợ_lý_at_a_company_is_refused(world) -> None:
    with pytest.raises(AccountError, match="không có ở cấp"):
        create_user(
            username="tl_c2",
            full_name="Lê Văn Trợ",
            unit=world.unit("C2"),
            role="assistant",
            password="mật-khẩu-dài-2026",
            by=None,
        )
    with pytest.raises(AccountError, match="không có ở cấp"):
        add_membership(world.users["po_c2"], world.unit("C2"), "assistant", by=None)
    # The phó chính trị viên is who helps there; a trợ lý at the regiment is fine.
    add_membership(world.users["po_c2"], world.unit("C2"), "deputy_political_officer", by=None)
    add_membership(world.users["cu_r"], world.unit("R"), "assistant", by=None)


def test_an_import_row_with_a_role_absent_at_the_level_is_rejected(world) -> None:
    from khth.lib.importing import ImportRejected

    body = "username,full_name,unit_code,role\nmoi,Nguyễn Thị Mới,C2,assistant\n"
    with pytest.raises(ImportRejected) as caught:
        import_users(body.encode(), by=None)
    assert "không có ở cấp" in str(caught.value)
