"""The PIN's rules and its secrets: which PINs are allowed, how a PIN or a recovery code is hashed
and checked, and how a recovery code is made and read back from paper.

A PIN is 4 to 8 ASCII digits, and the guesses a child would try first are refused at setup with
a plain reason. Secrets are stored only as salted `hashlib.scrypt` digests with their parameters
beside them, so the cost can be raised later while old records still verify. The throttle that
limits guessing is in `throttle`, the tables in `kiosk.core.store.pin_records`, and the one entry point the UI
and the CLI use in `guard`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final, Literal

from kiosk.core.i18n import N_, _

PIN_MIN_DIGITS: Final = 4
PIN_MAX_DIGITS: Final = 8

# Common PINs that no rule below catches: 1004 is sixth in DataGenetics' analysis of 3.4 million
# leaked 4-digit PINs, 5683 spells LOVE on a phone keypad, and the 6- and 8-digit ones are from
# the blocklist study of Markert et al. (IEEE S&P 2020).
COMMON_PINS: Final = frozenset(
    {"1004", "5683", "102030", "123321", "123654", "654123", "121314", "12344321", "13572468"}
)

# Lines and shapes on a phone keypad (1 at the top) or a numeric keypad (7 at the top), in both
# directions: columns, diagonals, corners and crosses are what a hand draws without thinking.
KEYPAD_PATTERNS: Final = frozenset(
    {
        "2580", "0852", "8520", "0258", "1470", "0741", "7410", "0147",
        "3690", "0963", "9630", "0369", "1590", "0951", "7530", "0357",
        "1379", "1397", "1739", "1793", "7913", "3197", "9731", "7139",
        "1478", "1236", "3214", "7896", "9874", "6987", "2486", "8624",
        "147258", "258369", "147369", "159357", "159753", "789456", "456123",
        "147852", "369852", "963852", "852456", "753951",
        "14725836", "78945612", "12369874", "14789632",
    }
)  # fmt: skip

# Years a parent would pick: a birth year, a child's birth year, the year of a wedding.
YEAR_RANGE: Final = range(1900, 2100)

ALGORITHM: Final = "scrypt"


@dataclass(frozen=True)
class ScryptParams:
    """The cost of one hash: n (CPU and memory, a power of two), r (block size), p (lanes)."""

    n: int
    r: int
    p: int
    dklen: int = 32

    def __post_init__(self) -> None:
        # Bounds keep a damaged record from asking for gigabytes or hours in verify_secret.
        if not (2 <= self.n <= 2**20 and self.n & (self.n - 1) == 0):
            raise ValueError(f"scrypt n must be a power of two from 2 to 2**20, not {self.n}")
        if not (1 <= self.r <= 32 and 1 <= self.p <= 16):
            raise ValueError(f"scrypt r must be 1 to 32 and p 1 to 16, not {self.r} and {self.p}")
        if not 16 <= self.dklen <= 64:
            raise ValueError(f"scrypt dklen must be 16 to 64 bytes, not {self.dklen}")

    @property
    def maxmem(self) -> int:
        """What OpenSSL needs for these parameters, with room to spare (its default is 32 MiB)."""
        return 128 * self.r * (self.n + self.p + 2) + 2**20


# One check takes a median of 68 to 83 ms (44 to 112 ms over 32 runs) on the 2-core AMD EPYC
# this was built on, under a load average of 3.5 to 4.4; it needs 16 MiB. n = 2**15 took 168 ms.
# Raise n here when machines get faster: records keep their own parameters, and a PIN set from
# then on gets the new ones.
DEFAULT_SCRYPT: Final = ScryptParams(n=2**14, r=8, p=1, dklen=32)

SALT_BYTES: Final = 16


@dataclass(frozen=True)
class SecretHash:
    """A salted scrypt digest of a PIN or a recovery code, with everything needed to check it."""

    params: ScryptParams
    salt: bytes
    digest: bytes
    algorithm: Literal["scrypt"] = "scrypt"

    def __post_init__(self) -> None:
        if self.algorithm != ALGORITHM:
            raise ValueError(f"unknown hash algorithm {self.algorithm!r}")
        if not 8 <= len(self.salt) <= 64:
            raise ValueError(f"a salt must be 8 to 64 bytes, not {len(self.salt)}")
        if len(self.digest) != self.params.dklen:
            raise ValueError(f"a digest must be dklen={self.params.dklen} bytes long")


def hash_secret(secret: str, params: ScryptParams = DEFAULT_SCRYPT) -> SecretHash:
    """Hash `secret` as given (normalise it first where that applies) with a fresh random salt."""
    import secrets  # as hashlib below: OpenSSL loads when a secret is made or checked

    salt = secrets.token_bytes(SALT_BYTES)
    return SecretHash(params, salt, _scrypt(secret, salt, params))


def verify_secret(secret: str, stored: SecretHash) -> bool:
    """True if `secret` hashes to `stored`, compared in constant time, with the stored parameters."""
    candidate = _scrypt(secret, stored.salt, stored.params)
    import hmac

    return hmac.compare_digest(candidate, stored.digest)


def _scrypt(secret: str, salt: bytes, params: ScryptParams) -> bytes:
    # "surrogatepass" so that no str can make encode() raise; a PIN is ASCII after the policy.
    # Imported here, not at the top: loading OpenSSL is a few ms of every start, and a start
    # checks no PIN.
    import hashlib

    return hashlib.scrypt(
        secret.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        dklen=params.dklen,
        maxmem=params.maxmem,
    )


def pin_format_problem(pin: str) -> str | None:
    """Why `pin` is not 4 to 8 ASCII digits, as one sentence that never repeats the input."""
    # isdigit() alone accepts '١٢٣٤' and '²³⁴⁵'; a parent could not type those on the PIN pad.
    digits = {"minimum": PIN_MIN_DIGITS, "maximum": PIN_MAX_DIGITS, "length": len(pin)}
    if not pin:
        return _("The PIN is empty; type {minimum} to {maximum} digits.").format(**digits)
    if not (pin.isascii() and pin.isdigit()):
        return _(
            "A PIN can use only the digits 0 to 9, with no spaces, letters or other signs;"
            " type {minimum} to {maximum} of them."
        ).format(**digits)
    if len(pin) < PIN_MIN_DIGITS:
        return _("A PIN needs at least {minimum} digits; this one has {length}.").format(**digits)
    if len(pin) > PIN_MAX_DIGITS:
        return _("A PIN can have at most {maximum} digits; this one has {length}.").format(**digits)
    return None


def check_pin_policy(pin: str) -> str | None:
    """None if `pin` may be used, else one sentence saying why not and what would do instead.

    Refused, besides anything that is not 4 to 8 ASCII digits, in this order:
    - one digit repeated: 0000, 7777;
    - digits that step by the same amount, counted round from 9 to 0 as on a keyboard's top
      row: runs such as 1234, 9876 and 7890, and 2468, 1357, 0369;
    - a repeated group: 1212, 6969, 123123;
    - digits in pairs: 1122, 112233;
    - a 4-digit year from 1900 to 2099 (a birth year is the classic choice);
    - keypad lines and shapes (2580, 1379) and a few other common PINs (1004), listed above.
    Dates are not refused but warned of, and the parent confirms (`pin_reads_as_date`): 588 of
    the 10,000 4-digit PINs (1 in 17) read as a day and month, so refusing them would refuse
    many good random PINs, and the throttle keeps a search of every date to weeks.
    """
    problem = pin_format_problem(pin)
    if problem is not None:
        return problem
    refusal = _weakness(pin)
    if refusal is None:
        return None
    return _(refusal).format(minimum=PIN_MIN_DIGITS, maximum=PIN_MAX_DIGITS)


def _weakness(pin: str) -> str | None:
    """The refusal for a well-formed PIN with a pattern, marked only; each ends with the advice,
    in one sentence, so a language words the two halves together."""
    if len(set(pin)) == 1:
        return N_(
            "A PIN of one digit repeated is among the first guesses; choose {minimum} to"
            " {maximum} digits with no pattern, picked at random."
        )
    if _has_one_step(pin):
        return N_(
            "Digits that count up or down by the same step, such as 1234, 9876 or 2468, are"
            " among the first guesses; choose {minimum} to {maximum} digits with no pattern,"
            " picked at random."
        )
    if _is_repeated_group(pin):
        return N_(
            "A PIN that repeats a shorter group, such as 1212 or 123123, is easy to guess;"
            " choose {minimum} to {maximum} digits with no pattern, picked at random."
        )
    if _is_in_pairs(pin):
        return N_(
            "Digits in pairs, such as 1122 or 112233, are easy to guess; choose {minimum} to"
            " {maximum} digits with no pattern, picked at random."
        )
    if len(pin) == 4 and int(pin) in YEAR_RANGE:
        return N_(
            "A 4-digit PIN from 1900 to 2099 reads as a year, such as a birth year, and is easy"
            " to guess; choose {minimum} to {maximum} digits with no pattern, picked at random."
        )
    if pin in KEYPAD_PATTERNS:
        return N_(
            "This PIN is a line or a shape on a keypad, which is easy to guess; choose {minimum}"
            " to {maximum} digits with no pattern, picked at random."
        )
    if pin in COMMON_PINS:
        return N_(
            "This PIN is one of the most common PINs, which are tried first; choose {minimum} to"
            " {maximum} digits with no pattern, picked at random."
        )
    return None


def pin_reads_as_date(pin: str) -> bool:
    """Whether `pin` reads as a date, such as a birthday: the first thing a child tries, with
    the family's birthdays on the fridge calendar.

    - 4 digits: a day and month either way round (DDMM or MMDD), 29 February included;
    - 6 digits: DDMMYY, MMDDYY or YYMMDD;
    - 8 digits: DDMMYYYY, MMDDYYYY or YYYYMMDD, with a year from 1900 to 2099.
    Setup, the parent panel and `kiosk pin set` warn of such a PIN and ask to confirm it rather
    than refuse it: 1 in 17 random 4-digit PINs is one, 1 in 12 of 6 digits, 1 in 580 of 8
    digits (see `check_pin_policy`).
    """
    if not (pin.isascii() and pin.isdigit()):
        return False
    if len(pin) == 4:
        day_month = [(pin[0:2], pin[2:4]), (pin[2:4], pin[0:2])]
    elif len(pin) == 6:
        day_month = [(pin[0:2], pin[2:4]), (pin[2:4], pin[0:2]), (pin[4:6], pin[2:4])]
    elif len(pin) == 8:
        dated = [(pin[0:2], pin[2:4], pin[4:8]), (pin[2:4], pin[0:2], pin[4:8])]
        dated.append((pin[6:8], pin[4:6], pin[0:4]))
        day_month = [(day, month) for day, month, year in dated if int(year) in YEAR_RANGE]
    else:
        return False
    return any(_is_day_of_month(int(day), int(month)) for day, month in day_month)


def _is_day_of_month(day: int, month: int) -> bool:
    # A year is not always known, so February may have 29 days.
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days[month - 1]


def _has_one_step(pin: str) -> bool:
    steps = {(int(after) - int(before)) % 10 for before, after in itertools.pairwise(pin)}
    return len(steps) == 1


def _is_repeated_group(pin: str) -> bool:
    # A string is found inside its doubled self, short of the ends, exactly when it is a
    # shorter group repeated.
    return pin in (pin + pin)[1:-1]


def _is_in_pairs(pin: str) -> bool:
    return len(pin) % 2 == 0 and pin[0::2] == pin[1::2]


# No 0/O, 1/I/L: a code is read back from paper, often in a hurry.
RECOVERY_ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECOVERY_GROUPS: Final = 3
RECOVERY_GROUP_LENGTH: Final = 4  # 12 symbols of 31: about 59 bits, far beyond guessing
# Hyphen-minus, and the hyphens and dashes that word processors and phones put in its place.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


@dataclass(frozen=True)
class RecoveryCode:
    """A one-time code shown to the parent once, at setup or when the PIN is set again."""

    text: str  # grouped for writing down, such as "K7RM-X4PT-QH9C"

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        # Keeps the code out of tracebacks and logs that print the objects around it.
        return "RecoveryCode(<hidden>)"


def new_recovery_code() -> RecoveryCode:
    from secrets import choice

    symbols = [
        choice(RECOVERY_ALPHABET) for _place in range(RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH)
    ]
    groups = [
        "".join(symbols[start : start + RECOVERY_GROUP_LENGTH])
        for start in range(0, len(symbols), RECOVERY_GROUP_LENGTH)
    ]
    return RecoveryCode("-".join(groups))


def normalize_recovery_code(typed: str) -> str:
    """The code as hashed: capitals, without the spaces and dashes a parent may or may not type."""
    return "".join(char for char in typed.upper() if not char.isspace() and char not in _DASHES)
