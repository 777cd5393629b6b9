"""Mobiles, national codes and card numbers: loyaltydesk.domain.ids."""

import pytest

from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.ids import (
    new_checkout_key,
    CARD_INVALID,
    CARD_LENGTH,
    CARD_PREFIX,
    MOBILE_INVALID,
    NATIONAL_CODE_INVALID,
    ROW_ID_MAX,
    card_is_valid,
    format_card,
    is_row_id,
    luhn_check_digit,
    national_code_is_valid,
    new_card_number,
    normalize_mobile,
    normalize_national_code,
    parse_card,
    parse_mobile,
    parse_row_id,
)
from loyaltydesk.domain.money import INTEGER_INVALID

# --- mobiles ------------------------------------------------------------------------------------

ACCEPTED_MOBILES = [
    # 09... (11 digits)
    ("09121234567", "09121234567"),
    ("09351234567", "09351234567"),
    ("09901234567", "09901234567"),
    # +989...
    ("+989121234567", "09121234567"),
    ("+98 912 123 4567", "09121234567"),
    ("+98-912-123-4567", "09121234567"),
    ("+98 (912) 123-4567", "09121234567"),
    ("+ 98 912 1234567", "09121234567"),
    # 00989...
    ("00989121234567", "09121234567"),
    ("0098 912 123 4567", "09121234567"),
    # 989... (12 digits)
    ("989121234567", "09121234567"),
    ("98 912 123 45 67", "09121234567"),
    # 9... (10 digits)
    ("9121234567", "09121234567"),
    ("912 123 4567", "09121234567"),
    # separators: spaces, dashes, dots, underscores, brackets
    ("0912 123 4567", "09121234567"),
    ("0912-123-4567", "09121234567"),
    ("0912.123.4567", "09121234567"),
    ("0912_123_4567", "09121234567"),
    ("(0912) 123-4567", "09121234567"),
    ("0912\u00a0123\u00a04567", "09121234567"),  # no-break spaces
    ("  09121234567  ", "09121234567"),
    ("\t09121234567\n", "09121234567"),
    # Persian and Arabic-Indic digits, mixed scripts
    ("۰۹۱۲۱۲۳۴۵۶۷", "09121234567"),
    ("٠٩١٢١٢٣٤٥٦٧", "09121234567"),
    ("۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"),
    ("+۹۸۹۱۲۱۲۳۴۵۶۷", "09121234567"),
    ("۰۰۹۸۹۱۲۱۲۳۴۵۶۷", "09121234567"),
    ("۹۸۹۱۲۱۲۳۴۵۶۷", "09121234567"),
    ("۹۱۲۱۲۳۴۵۶۷", "09121234567"),
    ("۰٩1۲١23۴٥67", "09121234567"),
    # bidi marks and ZWNJ brought in by copy-paste
    ("\u200f09121234567\u200e", "09121234567"),
    ("\u202a+989121234567\u202c", "09121234567"),
    ("\u206609121234567\u2069", "09121234567"),
    ("\ufeff09121234567", "09121234567"),
    ("0912\u200c1234567", "09121234567"),
]

REJECTED_MOBILES = [
    "",
    None,
    "   ",
    "-",
    "+",
    # landlines
    "02112345678",
    "021 1234 5678",
    "+982112345678",
    "00982112345678",
    "982112345678",
    "2112345678",
    "03133334444",
    # too short / too long
    "0912123456",
    "091212345678",
    "912123456",
    "91212345678",
    "+98912123456",
    "+9891212345678",
    "0098912123456",
    "98912123456",
    "9891212345678",
    "0",
    "09",
    # country code forms wrapped round a leading 0 / wrong country
    "+9809121234567",
    "009809121234567",
    "+19121234567",
    "+1 415 555 2671",
    "+4915112345678",
    "0019121234567",
    # letters and symbols
    "0912abc4567",
    "09121234567a",
    "O9121234567",  # capital O instead of zero
    "0912/123/4567",
    "0912+1234567",
    "++989121234567",
    "0912,123,4567",
    "۰۹۱۲۱۲۳۴۵۶۷ تومان",
    "😀",
    "0912😀1234567",
    "09121234567😀",
]


@pytest.mark.parametrize("text, expected", ACCEPTED_MOBILES)
def test_parse_mobile_accepts(text, expected):
    assert parse_mobile(text) == expected


@pytest.mark.parametrize("text, expected", ACCEPTED_MOBILES)
def test_normalize_mobile_accepts(text, expected):
    assert normalize_mobile(text) == expected


@pytest.mark.parametrize("text", REJECTED_MOBILES)
def test_parse_mobile_rejects(text):
    assert parse_mobile(text) is None


@pytest.mark.parametrize("text", REJECTED_MOBILES)
def test_normalize_mobile_rejects_with_a_mobile_problem(text):
    with pytest.raises(ValidationError) as info:
        normalize_mobile(text)
    (problem,) = info.value.problems
    assert problem.field == "mobile"
    assert problem.template == MOBILE_INVALID
    assert problem.params == {"value": text}
    assert "09121234567" in problem.message  # the message shows the expected form


def test_normalize_mobile_uses_the_given_field():
    with pytest.raises(ValidationError) as info:
        normalize_mobile("123", field="referrer_mobile")
    assert [p.field for p in info.value.problems] == ["referrer_mobile"]


def test_normalized_mobile_is_a_fixed_point():
    for text, expected in ACCEPTED_MOBILES:
        assert parse_mobile(expected) == expected
        assert len(expected) == 11 and expected.startswith("09") and expected.isascii()


# --- national codes -----------------------------------------------------------------------------


def nc_check_digit(payload: str) -> str:
    """The standard algorithm, written independently of the code under test."""
    assert len(payload) == 9
    total = sum(int(d) * w for d, w in zip(payload, range(10, 1, -1)))
    r = total % 11
    return str(r) if r < 2 else str(11 - r)


def nc_remainder(code: str) -> int:
    return sum(int(d) * w for d, w in zip(code[:9], range(10, 1, -1))) % 11


COMPUTED = [p + nc_check_digit(p) for p in
            ["049937089", "006774982", "123456789", "010000001", "987654321",
             "001234567", "111111112", "400000000", "000000019", "123123123",
             "555555556", "246801357"]]

VALID_CODES = list(dict.fromkeys([
    "0499370899",  # remainder 2 -> check 9
    "0067749828",  # remainder 3 -> check 8
    "1234567891",  # remainder 1 -> check digit is the remainder itself (1)
    "0100000010",  # remainder 0 -> check digit 0
] + COMPUTED))


def test_valid_codes_table_is_right():
    assert all(c[9] == nc_check_digit(c[:9]) and len(set(c)) > 1 for c in VALID_CODES)


def test_check_digit_helper_hand_examples():
    # hand computed: 0*10+4*9+9*8+9*7+3*6+7*5+0*4+8*3+9*2 = 266; 266 % 11 = 2 -> 11-2 = 9
    assert nc_check_digit("049937089") == "9"
    assert nc_check_digit("123456789") == "1"  # 210 % 11 = 1
    assert nc_check_digit("010000001") == "0"  # 9 + 2 = 11 -> 0
    assert nc_remainder("1234567891") == 1
    assert nc_remainder("0100000010") == 0


@pytest.mark.parametrize("code", VALID_CODES)
def test_national_code_is_valid(code):
    assert national_code_is_valid(code) is True
    assert normalize_national_code(code) == code


def test_valid_codes_cover_both_small_remainder_cases():
    remainders = {nc_remainder(c) for c in VALID_CODES if national_code_is_valid(c)}
    assert {0, 1} <= remainders
    assert remainders - {0, 1}


@pytest.mark.parametrize("code", VALID_CODES)
def test_national_code_every_wrong_check_digit_is_invalid(code):
    for d in "0123456789":
        if d != code[9]:
            assert national_code_is_valid(code[:9] + d) is False, code[:9] + d


@pytest.mark.parametrize("digit", "0123456789")
def test_national_code_all_same_digits_is_invalid(digit):
    code = digit * 10
    # every all-same code passes the arithmetic, which is why it has to be refused on its own
    assert nc_check_digit(code[:9]) == digit
    assert national_code_is_valid(code) is False
    with pytest.raises(ValidationError):
        normalize_national_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "0499370898",  # wrong check digit
        "0499370890",
        "1234567890",
        "0067749829",
        "499370899",  # 9 digits: the validity test does not pad
        "67749828",
        "04993708990",  # 11 digits
        "",
        "049937089a",
        "abcdefghij",
        "۰۴۹۹۳۷۰۸۹۹",  # the validity test takes ASCII only (normalize converts first)
        "0499 370899",
        "-499370899",
        "1111111111",
        "0000000000",
    ],
)
def test_national_code_is_invalid(code):
    assert national_code_is_valid(code) is False


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0499370899", "0499370899"),
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),
        ("049-937089-9", "0499370899"),
        ("049 937 0899", "0499370899"),
        ("  0499370899  ", "0499370899"),
        ("499370899", "0499370899"),  # 9 digits: the dropped leading zero is put back
        ("۴۹۹۳۷۰۸۹۹", "0499370899"),
        ("67749828", "0067749828"),  # 8 digits: two zeros
        ("1234567891", "1234567891"),
        ("0100000010", "0100000010"),
        ("100000010", "0100000010"),
        # copied from a Persian document with a bidi mark around it
        ("\u200f0499370899\u200e", "0499370899"),
    ],
)
def test_normalize_national_code(text, expected):
    assert normalize_national_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0499370898",
        "499370898",  # 9 digits padded, but the padded code is wrong
        "67749829",
        "1111111111",
        "111111111",  # pads to 0111111111: wrong check digit
        "00000000",  # pads to all zeros
        "2222222222",
        "1234567",  # 7 digits are not padded
        "12345678901",
        "049937089a",
        "کد ملی",
        "",
        None,
        "0499370899😀",
    ],
)
def test_normalize_national_code_rejects(text):
    with pytest.raises(ValidationError) as info:
        normalize_national_code(text)
    (problem,) = info.value.problems
    assert problem.field == "national_code"
    assert problem.template == NATIONAL_CODE_INVALID
    assert problem.params == {"value": text}
    assert "check digit" in problem.message


def test_normalize_national_code_uses_the_given_field():
    with pytest.raises(ValidationError) as info:
        normalize_national_code("123", field="code")
    assert info.value.problems[0].field == "code"


# --- card numbers --------------------------------------------------------------------------------


def luhn_valid(number: str) -> bool:
    """The Luhn test on a whole number, written independently of the code under test."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@pytest.mark.parametrize(
    "payload, digit",
    [
        ("7992739871", "3"),  # the textbook example: 79927398713
        ("61234567890", "0"),  # hand computed: digit sum 50
        ("60000000000", "7"),  # the 6 doubled -> 3, 10 - 3 = 7
        ("0", "0"),
        ("1", "8"),
        ("5", "9"),
        ("9", "1"),
        ("", "0"),
        ("411111111111111", "1"),  # the well known Visa test number 4111 1111 1111 1111
    ],
)
def test_luhn_check_digit(payload, digit):
    got = luhn_check_digit(payload)
    assert got == digit
    assert luhn_valid(payload + got)
    assert got in "0123456789" and len(got) == 1


def test_luhn_check_digit_is_the_only_digit_that_passes():
    for payload in ["6123456789", "60000000000", "69999999999", "61000000001", "65432109876"]:
        good = luhn_check_digit(payload)
        passing = [d for d in "0123456789" if luhn_valid(payload + d)]
        assert passing == [good]


class FakeRandbelow:
    def __init__(self, value):
        self.value = value
        self.calls = []

    def __call__(self, n):
        self.calls.append(n)
        return self.value


@pytest.mark.parametrize(
    "random_value, expected",
    [
        (1234567890, "612345678900"),
        (0, "600000000007"),
        (1, "600000000015"),
        (42, "600000000429"),
        (9_999_999_999, "699999999997"),
        (5_555_555_555, "655555555557"),
    ],
)
def test_new_card_number_is_deterministic_with_a_given_randbelow(random_value, expected):
    rb = FakeRandbelow(random_value)
    card = new_card_number(rb)
    assert rb.calls == [10**10]
    assert card == expected
    assert card_is_valid(card)
    assert luhn_valid(card)


def test_new_card_number_shape_for_many_values():
    for value in list(range(0, 10**10, 123_456_789)) + [10**10 - 1]:
        card = new_card_number(lambda n, v=value: v)
        assert len(card) == CARD_LENGTH == 12
        assert card.isascii() and card.isdigit()
        assert card.startswith(CARD_PREFIX)
        assert card[1:11] == str(value).zfill(10)
        assert card_is_valid(card) and luhn_valid(card)
        assert parse_card(card) == card
        # a card number can never be mistaken for a mobile
        assert parse_mobile(card) is None


def test_new_card_number_default_uses_real_randomness():
    cards = {new_card_number() for _ in range(50)}
    assert len(cards) > 45
    assert all(card_is_valid(c) for c in cards)


VALID_CARDS = ["612345678900", "600000000007", "699999999997", "655555555557", "600000000015",
               new_card_number(lambda n: 9_081_726_354), new_card_number(lambda n: 1_029_384_756)]


@pytest.mark.parametrize("card", VALID_CARDS)
def test_every_single_digit_mistype_is_caught(card):
    assert card_is_valid(card)
    for pos in range(len(card)):
        for d in "0123456789":
            if d == card[pos]:
                continue
            typo = card[:pos] + d + card[pos + 1:]
            assert not card_is_valid(typo), typo
            assert parse_card(typo) is None, typo


@pytest.mark.parametrize("card", VALID_CARDS)
def test_every_adjacent_transposition_is_caught(card):
    checked = 0
    for pos in range(len(card) - 1):
        a, b = card[pos], card[pos + 1]
        if a == b:
            continue  # swapping equal digits is no mistake
        if {a, b} == {"0", "9"}:
            continue  # 09 <-> 90 is the one adjacent transposition a Luhn digit cannot detect
        swapped = card[:pos] + b + a + card[pos + 2:]
        assert not card_is_valid(swapped), swapped
        checked += 1
    assert checked > 0


@pytest.mark.parametrize(
    "card, valid",
    [
        ("612345678900", True),
        ("612345678901", False),
        ("61234567890", False),  # 11 digits
        ("6123456789000", False),  # 13 digits
        ("6123 45678900", False),  # spaces are parse_card's business
        ("۶۱۲۳۴۵۶۷۸۹۰۰", False),  # ASCII only here
        ("", False),
        ("61234567890a", False),
    ],
)
def test_card_is_valid(card, valid):
    assert card_is_valid(card) is valid


def test_card_is_valid_refuses_other_prefixes_even_with_a_good_luhn_digit():
    for prefix in "012345789":
        payload = prefix + "1234567890"
        card = payload + luhn_check_digit(payload)
        assert luhn_valid(card)
        assert not card_is_valid(card)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("612345678900", "612345678900"),
        ("6123 4567 8900", "612345678900"),
        ("6123-4567-8900", "612345678900"),
        ("  6123 4567 8900 \n", "612345678900"),  # a scanner adds Enter
        ("۶۱۲۳۴۵۶۷۸۹۰۰", "612345678900"),
        ("۶۱۲۳ ۴۵۶۷ ۸۹۰۰", "612345678900"),
        ("٦١٢٣-٤٥٦٧-٨٩٠٠", "612345678900"),
        ("\u200e6123 4567 8900\u200f", "612345678900"),
        ("600000000007", "600000000007"),
        ("612345678901", None),  # wrong check digit
        ("6123 4567 890", None),  # too short
        ("6123.4567.8900", None),  # dots are not card separators
        ("09121234567", None),  # a mobile is not a card
        ("abcd", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_card(text, expected):
    assert parse_card(text) == expected


@pytest.mark.parametrize(
    "card, expected",
    [
        ("612345678900", "6123 4567 8900"),
        ("600000000007", "6000 0000 0007"),
        ("12345678", "1234 5678"),
        ("1234567", "1234 567"),
        ("123", "123"),
        ("", ""),
    ],
)
def test_format_card(card, expected):
    assert format_card(card) == expected


@pytest.mark.parametrize("card", VALID_CARDS)
def test_format_card_round_trips_through_parse_card(card):
    assert parse_card(format_card(card)) == card


def test_card_message_template():
    assert "12 digits" in CARD_INVALID.format(value="x")


@pytest.mark.parametrize(
    "parse, text, expected",
    [
        # a zero-width space (U+200B) is invisible on screen and comes in with copy-paste, like the
        # bidi marks above; text.normalize_text and text.digits_only drop it, so should the identifiers
        (parse_mobile, "0912\u200b1234567", "09121234567"),
        (parse_card, "6123\u200b4567\u200b8900", "612345678900"),
        (normalize_national_code, "\u200b0499370899", "0499370899"),
    ],
)
def test_identifiers_ignore_a_zero_width_space(parse, text, expected):
    assert parse(text) == expected


# --- row ids (purchase, refund, follow-up, survey, member numbers) -------------------------------

@pytest.mark.parametrize(
    "value, expected",
    [
        (1, True),
        (42, True),
        (ROW_ID_MAX, True),
        (2**63 - 1, True),
        (0, False),
        (-1, False),
        (-(2**63), False),
        (2**63, False),
        (10**30, False),
        (True, False),  # a bool is an int to Python, never an id
        (False, False),
        ("5", False),
        (5.0, False),
        (None, False),
    ],
)
def test_is_row_id(value, expected):
    assert is_row_id(value) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7", 7),
        ("۱۲", 12),
        ("٣٤", 34),
        (" 42 ", 42),
        ("0", 0),
        ("-1", -1),
        ("+3", 3),
        ("9223372036854775808", 2**63),  # out of range is the lookup's business: it passes here
        ("1" + "0" * 30, 10**30),
        (17, 17),
    ],
)
def test_parse_row_id_takes_any_whole_number(text, expected):
    assert parse_row_id(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.5", "12a", "--1", "1 2", "9" * 4001, None])
def test_parse_row_id_refuses_what_is_not_a_number(text):
    with pytest.raises(ValidationError) as e:
        parse_row_id(text, "purchase")
    [problem] = e.value.problems
    assert (problem.field, problem.template) == ("purchase", INTEGER_INVALID)


@pytest.mark.parametrize("now_ns, token, expected", [
    (0, "00" * 8, "0" * 32),
    (1_795_000_000_123_456_789, "a1b2c3d4e5f60718", "18e91efd632f4d15a1b2c3d4e5f60718"),
    (2**64 - 1, "ff" * 8, "f" * 32),
])
def test_checkout_key_layout(now_ns, token, expected):
    assert new_checkout_key(now_ns, token) == expected


def test_checkout_keys_come_in_order_and_never_repeat():
    """Time first: the unique index on purchases.checkout_key grows at its end. The random half
    keeps keys of the same nanosecond (two tills, a clock set back) apart."""
    keys = [new_checkout_key() for _ in range(2_000)]
    assert len(set(keys)) == len(keys)
    assert all(len(k) == 32 and all(c in "0123456789abcdef" for c in k) for k in keys)
    assert [k[:16] for k in keys] == sorted(k[:16] for k in keys)
    assert len({new_checkout_key(5) for _ in range(1_000)}) == 1_000
