"""The PIN policy, the scrypt hashing of secrets, and recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest

from kiosk.core.pin.rules import (
    DEFAULT_SCRYPT,
    RECOVERY_ALPHABET,
    ScryptParams,
    SecretHash,
    check_pin_policy,
    hash_secret,
    new_recovery_code,
    normalize_recovery_code,
    pin_format_problem,
    pin_reads_as_date,
    verify_secret,
)

FAST = ScryptParams(n=2**4, r=1, p=1)


def assert_one_plain_sentence(message: str | None) -> str:
    assert message is not None
    assert message.endswith(".") and "\n" not in message
    assert len(message) < 200
    return message


@pytest.mark.parametrize("pin", ["7392", "4816", "90273", "902731", "5831042", "58310427"])
def test_random_looking_pins_of_4_to_8_digits_are_accepted(pin: str) -> None:
    assert check_pin_policy(pin) is None


@pytest.mark.parametrize(
    "pin",
    [
        "١٢٣٤",  # Arabic-Indic digits: str.isdigit() says yes
        "²³⁴⁵",  # superscripts: str.isdigit() says yes
        "\uff17\uff13\uff19\uff12",  # fullwidth digits
        " 7392",
        "7392 ",
        "73 92",
        "7392\n",
        "+7392",
        "-739",
        "73a9",
        "",
    ],
)
def test_anything_but_ascii_digits_is_refused(pin: str) -> None:
    message = assert_one_plain_sentence(check_pin_policy(pin))
    assert "digits" in message
    if pin.strip():
        assert pin not in message


@pytest.mark.parametrize(
    ("pin", "expected"),
    [("739", "at least 4"), ("739215864", "at most 8"), ("7" * 10_000, "at most 8")],
)
def test_too_short_or_too_long_is_refused_with_the_length(pin: str, expected: str) -> None:
    message = assert_one_plain_sentence(check_pin_policy(pin))
    assert expected in message and str(len(pin)) in message


def test_a_huge_input_is_never_echoed_back() -> None:
    for huge in ("7" * 10_000, "x" * 10_000, "7392 " * 2_000):
        message = assert_one_plain_sentence(check_pin_policy(huge))
        assert "7777777" not in message and "xxxxx" not in message and "7392" not in message


WEAK_BY_CLASS = {
    "one digit repeated": ["0000", "1111", "7777", "99999999"],
    "count up or down": [
        "1234",
        "4321",
        "9876",
        "12345678",
        "7890",
        "8901",
        "0987",
        "2468",
        "1357",
    ],
    "repeats a shorter group": ["1212", "6969", "1010", "123123", "12341234", "1313"],
    "pairs": ["1122", "9988", "112233", "11223344"],
    "year": ["1900", "1987", "2000", "2001", "2024", "2099"],
    "keypad": [
        "2580",
        "0852",
        "8520",
        "3690",
        "0963",
        "1379",
        "1397",
        "1590",
        "147258",
        "14725836",
    ],
    "most common": ["1004", "5683", "102030", "123654"],
}


@pytest.mark.parametrize(
    ("pin", "reason"), [(pin, reason) for reason, pins in WEAK_BY_CLASS.items() for pin in pins]
)
def test_weak_pins_are_refused_with_their_reason(pin: str, reason: str) -> None:
    assert pin_format_problem(pin) is None  # well-formed: refused only for being weak
    message = assert_one_plain_sentence(check_pin_policy(pin))
    assert reason in message
    assert "4 to 8 digits" in message  # and it says what would be valid


# DataGenetics' twenty most common 4-digit PINs, from 3.4 million leaked ones.
TOP_TWENTY = "1234 1111 0000 1212 7777 1004 2000 4444 2222 6969 9999 3333 5555 6666 1122 1313 8888 4321 2001 1010"


@pytest.mark.parametrize("pin", TOP_TWENTY.split())
def test_the_twenty_most_common_pins_are_all_refused(pin: str) -> None:
    assert check_pin_policy(pin) is not None


@pytest.mark.parametrize("pin", ["1899", "2100", "199012", "2412", "0612"])
def test_edges_of_the_rules_are_accepted(pin: str) -> None:
    # Years are refused only as 4-digit PINs from 1900 to 2099; dates are allowed (see docstring).
    assert check_pin_policy(pin) is None


@pytest.mark.parametrize(
    "pin",
    [
        "2412",  # 24 December, day first
        "1224",  # the same, month first
        "0612",  # 6 December, or 12 June
        "2902",  # 29 February: a birthday, whatever the year
        "3112",
        "0101",
        "240315",  # DDMMYY
        "032415",  # MMDDYY
        "150324",  # YYMMDD
        "24032015",  # DDMMYYYY
        "03242015",  # MMDDYYYY
        "20150324",  # YYYYMMDD
        "01011900",
        "31122099",
    ],
)
def test_pins_that_read_as_a_date_are_found(pin: str) -> None:
    assert pin_reads_as_date(pin)


@pytest.mark.parametrize(
    "pin",
    [
        "7392",  # 73 and 92: no day and month either way
        "3013",  # no month 13, and no 13th month either way round
        "3102",  # 31 February
        "3104",  # 31 April
        "0000",  # day 0
        "4827",
        "90273",  # 5 digits: no date shape
        "902731",
        "24032150",  # a year past 2099
        "21500324",
        "18991224",  # a year before 1900
        "58310427",
        "24 12",
        "",
    ],
)
def test_pins_that_do_not_read_as_a_date_are_not(pin: str) -> None:
    assert not pin_reads_as_date(pin)


def test_one_four_digit_pin_in_seventeen_reads_as_a_date() -> None:
    """The share the policy's docstring gives for warning rather than refusing."""
    assert sum(pin_reads_as_date(f"{n:04d}") for n in range(10_000)) == 588


def test_the_same_secret_hashes_differently_each_time_and_both_verify() -> None:
    first, second = hash_secret("7392", FAST), hash_secret("7392", FAST)
    assert first.salt != second.salt and first.digest != second.digest
    assert verify_secret("7392", first) and verify_secret("7392", second)
    assert not verify_secret("7393", first)
    assert not verify_secret("", first)


def test_the_digest_is_scrypt_over_the_salt_with_the_stored_parameters() -> None:
    stored = hash_secret("7392", ScryptParams(n=2**5, r=2, p=1, dklen=24))
    expected = hashlib.scrypt(b"7392", salt=stored.salt, n=2**5, r=2, p=1, dklen=24)
    assert stored.algorithm == "scrypt" and stored.digest == expected
    assert len(stored.salt) >= 16


def test_default_parameters_are_the_measured_ones() -> None:
    # Lowering these makes each guess of a stolen record cheaper; raise them, never lower them.
    assert (DEFAULT_SCRYPT.n, DEFAULT_SCRYPT.r, DEFAULT_SCRYPT.p) == (2**14, 8, 1)
    stored = hash_secret("7392")
    assert stored.params == DEFAULT_SCRYPT
    assert verify_secret("7392", stored)


def test_a_hash_made_with_older_parameters_still_verifies() -> None:
    old = hash_secret("7392", FAST)
    assert old.params != DEFAULT_SCRYPT
    assert verify_secret("7392", old)


def test_verification_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    stored = hash_secret("7392", FAST)
    assert verify_secret("7392", stored)
    assert calls == [(stored.digest, stored.digest)]


@pytest.mark.parametrize(
    "params",
    [
        {"n": 3, "r": 1, "p": 1},
        {"n": 2**21, "r": 1, "p": 1},
        {"n": 16, "r": 0, "p": 1},
        {"n": 16, "r": 1, "p": 17},
        {"n": 16, "r": 1, "p": 1, "dklen": 8},
    ],
)
def test_out_of_range_scrypt_parameters_are_refused(params: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="scrypt"):
        ScryptParams(**params)


def test_a_digest_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="dklen"):
        SecretHash(FAST, b"s" * 16, b"d" * 31)
    with pytest.raises(ValueError, match="salt"):
        SecretHash(FAST, b"", b"d" * 32)


def test_recovery_codes_are_easy_to_write_down() -> None:
    for _ in range(100):
        code = new_recovery_code().text
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert not set(code) & set("0O1IL")
        assert len(normalize_recovery_code(code)) >= 10
    assert not set(RECOVERY_ALPHABET) & set("0O1IL")


def test_recovery_codes_are_random() -> None:
    codes = {new_recovery_code().text for _ in range(200)}
    assert len(codes) == 200
    assert len({char for code in codes for char in code if char != "-"}) == len(RECOVERY_ALPHABET)


@pytest.mark.parametrize(
    "typed",
    [
        "K7RM-X4PT-QH9C",
        "k7rm-x4pt-qh9c",
        "K7RM X4PT QH9C",
        " k7rmx4ptqh9c ",
        "K7RM\u2013X4PT\u2014QH9C",
    ],
)
def test_a_recovery_code_is_read_back_however_it_is_typed(typed: str) -> None:
    assert normalize_recovery_code(typed) == "K7RMX4PTQH9C"


def test_a_recovery_code_does_not_show_itself_in_logs() -> None:
    code = new_recovery_code()
    assert code.text not in repr(code)
    assert str(code) == code.text
