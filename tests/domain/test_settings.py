"""The club's settings (loyaltydesk.domain.settings) and who may do what (loyaltydesk.domain.roles)."""

from dataclasses import replace

import pytest

from loyaltydesk.domain.checkout import Rules
from loyaltydesk.domain.roles import ALLOWED, Action, Role, may
from loyaltydesk.domain.settings import ClubSettings, validate_settings

DEFAULT = ClubSettings()


def test_defaults():
    assert DEFAULT.display_unit == "toman"
    assert DEFAULT.rials_per_point == 10_000
    assert DEFAULT.point_value == 100
    assert DEFAULT.redeem_cap_bp == 5_000
    assert DEFAULT.expiry_months == 12
    assert DEFAULT.window == "rolling12"
    assert DEFAULT.referral_bonus == 0
    assert DEFAULT.confirm_above == 1_000_000_000  # 100 million toman asks first
    assert DEFAULT.max_purchase == 100_000_000_000  # 10 billion toman: a scanned card (~6e12) is refused
    assert DEFAULT.void_minutes == 5
    assert validate_settings(DEFAULT) == []


@pytest.mark.parametrize(
    "changes, expected_fields",
    [
        # accepted, including the edges
        ({}, []),
        ({"shop_name": "فروشگاه کتاب"}, []),
        ({"display_unit": "rial"}, []),
        ({"rials_per_point": 1}, []),
        ({"point_value": 0}, []),
        ({"redeem_cap_bp": 0}, []),
        ({"redeem_cap_bp": 10_000}, []),
        ({"expiry_months": 0}, []),  # never expire
        ({"expiry_months": 120}, []),
        ({"window": "jalali-year"}, []),
        ({"referral_bonus": 500}, []),
        ({"confirm_above": 1, "max_purchase": 1}, []),
        ({"confirm_above": 10**15, "max_purchase": 10**15}, []),
        ({"void_minutes": 0}, []),  # voiding off
        ({"void_minutes": 60}, []),
        # one problem each
        ({"shop_name": ""}, ["shop_name"]),
        ({"shop_name": "   "}, ["shop_name"]),
        ({"display_unit": "dollar"}, ["display_unit"]),
        ({"display_unit": "Toman"}, ["display_unit"]),
        ({"rials_per_point": 0}, ["rials_per_point"]),
        ({"rials_per_point": -10}, ["rials_per_point"]),
        ({"point_value": -1}, ["point_value"]),
        ({"redeem_cap_bp": -1}, ["redeem_cap"]),
        ({"redeem_cap_bp": 10_001}, ["redeem_cap"]),
        ({"expiry_months": -1}, ["expiry_months"]),
        ({"expiry_months": 121}, ["expiry_months"]),
        ({"window": "monthly"}, ["window"]),
        ({"window": ""}, ["window"]),
        ({"referral_bonus": -1}, ["referral_bonus"]),
        ({"confirm_above": 0}, ["confirm_above"]),
        ({"max_purchase": 0}, ["max_purchase"]),
        ({"max_purchase": 10**15 + 1}, ["max_purchase"]),
        ({"void_minutes": -1}, ["void_minutes"]),
        ({"void_minutes": 61}, ["void_minutes"]),
        # several at once
        ({"shop_name": "", "rials_per_point": 0}, ["rials_per_point", "shop_name"]),
        ({"redeem_cap_bp": 20_000, "window": "x", "referral_bonus": -5},
         ["redeem_cap", "referral_bonus", "window"]),
        # everything wrong: every problem comes back at once
        (
            {"shop_name": " ", "display_unit": "usd", "rials_per_point": 0, "point_value": -1,
             "redeem_cap_bp": -1, "expiry_months": 999, "window": "weekly", "referral_bonus": -1},
            ["display_unit", "expiry_months", "point_value", "redeem_cap", "referral_bonus",
             "rials_per_point", "shop_name", "window"],
        ),
    ],
)
def test_validate_settings(changes, expected_fields):
    problems = validate_settings(replace(DEFAULT, **changes))
    assert sorted(p.field for p in problems) == expected_fields
    assert all(p.message for p in problems)


def test_validate_settings_messages():
    problems = validate_settings(replace(DEFAULT, redeem_cap_bp=-1, expiry_months=121))
    messages = {p.field: p.message for p in problems}
    assert messages == {
        "redeem_cap": "The redemption cap is a percent between 0 and 100.",
        "expiry_months": "Expiry is between 0 (never) and 120 months.",
    }


@pytest.mark.parametrize(
    "settings, discount_bp, multiplier_pct, expected",
    [
        (DEFAULT, 0, 100, Rules(0, 100, 10_000, 100, 5_000, 100_000_000_000)),
        (DEFAULT, 500, 150, Rules(500, 150, 10_000, 100, 5_000, 100_000_000_000)),
        (ClubSettings(rials_per_point=1_000, point_value=50, redeem_cap_bp=2_500, max_purchase=7), 1000, 200,
         Rules(1000, 200, 1_000, 50, 2_500, 7)),
    ],
)
def test_rules(settings, discount_bp, multiplier_pct, expected):
    assert settings.rules(discount_bp, multiplier_pct) == expected


def test_rules_defaults_are_no_tier_benefits():
    assert DEFAULT.rules() == Rules(0, 100, 10_000, 100, 5_000, DEFAULT.max_purchase)


def test_as_dict_and_from_dict_round_trip():
    s = ClubSettings(shop_name="کتاب\u200cفروشی", display_unit="rial", rials_per_point=5_000, point_value=10,
                     redeem_cap_bp=3_000, expiry_months=6, window="jalali-year", referral_bonus=20,
                     thank_you="ممنون")
    d = s.as_dict()
    assert d == {
        "shop_name": "کتاب\u200cفروشی", "display_unit": "rial", "rials_per_point": 5_000, "point_value": 10,
        "redeem_cap_bp": 3_000, "expiry_months": 6, "window": "jalali-year", "referral_bonus": 20,
        "referred_bonus": 0, "signup_bonus": 0, "anniversary_bonus": 0,
        "thank_you": "ممنون", "backup_folder": "", "backup_keep_daily": 7, "backup_keep_weekly": 4,
        "backup_keep_mb": 5_000,
        "confirm_above": 1_000_000_000, "max_purchase": 100_000_000_000, "void_minutes": 5,
    }
    assert ClubSettings.from_dict(d) == s


def test_from_dict_ignores_unknown_keys_and_defaults_missing_ones():
    s = ClubSettings.from_dict({"point_value": 250, "schema_version": 3, "unknown": "x"})
    assert s == replace(DEFAULT, point_value=250)
    assert ClubSettings.from_dict({}) == DEFAULT


# --- roles -----------------------------------------------------------------------------------------

CASHIER_MAY = {
    Action.FIND_MEMBER: True,
    Action.SIGN_UP: True,
    Action.EDIT_MEMBER: True,
    Action.PURCHASE: True,  # includes redeeming points at checkout
    Action.RUN_EXPIRY: True,  # runs at start-up and daily, whoever is logged in
    Action.GRANT_BONUSES: True,  # birthday bonuses, likewise automatic
    Action.BLOCK_MEMBER: False,
    Action.BACKDATE_PURCHASE: False,
    Action.REFUND: False,  # docs/rules.md: refunds need the owner
    Action.ADJUST_POINTS: False,  # point adjustments need the owner
    Action.REVIEW_TIERS: False,
    Action.CHANGE_RULES: False,  # tier and rule changes need the owner
    Action.MANAGE_USERS: False,  # user management needs the owner
    Action.CHECK_DATABASE: False,
    Action.READ_AUDIT: False,
    Action.EDIT_IDENTITY: False,  # mobile, national code, referrer decide who owns the points
    Action.FILL_DEMO: False,
    Action.BACK_UP: False,  # backups, restore, import and export need the owner
    Action.AUTO_BACKUP: True,  # the automatic backup runs whoever is logged in
    Action.AUTO_REVIEW: True,  # the scheduled tier review runs whoever is logged in, like expiry
    Action.RESTORE: False,
    Action.IMPORT_MEMBERS: False,
    Action.EXPORT_DATA: False,  # personal data
    Action.PRINT_CARDS: True,  # cashiers print members' cards
    Action.ANSWER_SURVEY: True,  # the kiosk or the counter records a survey
    Action.LOG_COMPLAINT: True,
    Action.FOLLOW_UP: False,  # following up unhappy customers is the owner's
    Action.READ_REPORTS: False,
    Action.VOID_PURCHASE: True,  # their own sale, within minutes (the service checks both)
    Action.SEND_MESSAGES: True,  # the app's text-message sender runs whoever is logged in
    Action.MANAGE_MESSAGES: False,  # the SMS account, the outbox and its retries are the owner's
}


def test_the_table_covers_every_action():
    assert set(CASHIER_MAY) == set(Action)


@pytest.mark.parametrize("action, allowed", list(CASHIER_MAY.items()))
def test_cashier_may(action, allowed):
    assert may(Role.CASHIER, action) is allowed
    assert may("cashier", action) is allowed


@pytest.mark.parametrize("action", list(Action))
def test_owner_may_do_everything(action):
    assert may(Role.OWNER, action) is True
    assert may("owner", action) is True


def test_allowed_table():
    assert ALLOWED[Role.OWNER] == frozenset(Action)
    assert ALLOWED[Role.CASHIER] < ALLOWED[Role.OWNER]
    assert set(ALLOWED) == set(Role)


@pytest.mark.parametrize("role", ["manager", "", "OWNER"])
def test_may_refuses_unknown_roles(role):
    with pytest.raises(ValueError):
        may(role, Action.FIND_MEMBER)


def test_every_role_and_action_has_a_word_the_gui_translates():
    from loyaltydesk.domain.roles import WORDS, Role

    assert {r.value for r in Role} | {a.value.replace("_", " ") for a in Action} == set(WORDS)
