"""Raw Telex typed without an input method ("maatj hoa duwfa") turned back into Vietnamese ("mật hoa dừa").

Telex: aa→â, aw→ă, ee→ê, oo→ô, ow→ơ, uw→ư, uow→ươ, dd→đ, w alone→ư; a tone key after the vowels
(s sắc, f huyền, r hỏi, x ngã, j nặng; z clears). A word counts as Telex only when decoding changes it
and yields a plausible Vietnamese syllable, so ordinary words ("hoa", "xoong") pass through untouched.
"""

import re
import unicodedata

TONE_MARKS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
TONE_KEYS = frozenset("sfrxjz")
VOWELS = frozenset("aăâeêioôơuưy")
MARKED_VOWELS = frozenset("ăâêôơư")
ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
# Vowel groups (with their glides) that take no final consonant.
OPEN_NUCLEI = frozenset(
    ["ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu", "ưa",
     "ua", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu"]
)  # fmt: skip
NUCLEI = OPEN_NUCLEI | frozenset(
    ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe", "uâ", "uê",
     "uô", "ươ", "uy", "uyê", "uơ"]
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")
_TONE_BY_MARK = {mark: key for key, mark in TONE_MARKS.items()}


def _split(base: str) -> tuple[str, str, str] | None:
    """(onset, nucleus, final) of a toneless syllable, or None when it is not Vietnamese-shaped."""
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset) :]
        if onset == "gi" and rest and rest[0] not in VOWELS:
            rest = "i" + rest  # "gìn", "gịt": the i is both onset and vowel
        n = 0
        while n < len(rest) and rest[n] in VOWELS:
            n += 1
        nucleus, final = rest[:n], rest[n:]
        if not nucleus or nucleus not in NUCLEI or final not in FINALS:
            continue
        if final and nucleus in OPEN_NUCLEI:
            continue
        return onset, nucleus, final
    return None


def place_tone(base: str, tone: str) -> str:
    """Put the tone key's mark on the right vowel of a toneless syllable ("mât" + "j" → "mật")."""
    parts = _split(base)
    if parts is None or tone not in TONE_MARKS:
        return base
    onset, nucleus, final = parts
    start = len(onset) if not (onset == "gi" and base[len(onset) : len(onset) + 1] not in VOWELS) else 1
    marked = [i for i, ch in enumerate(nucleus) if ch in MARKED_VOWELS]
    if marked:
        pos = marked[-1]
    elif len(nucleus) == 1:
        pos = 0
    elif final:
        pos = len(nucleus) - 1
    elif len(nucleus) == 3:
        pos = 1
    else:
        pos = 0
    index = start + pos
    return unicodedata.normalize("NFC", base[: index + 1] + TONE_MARKS[tone] + base[index + 1 :])


def _apply_w(out: list[str]) -> None:
    """A 'w' not right after a/o/u: hook the syllable's vowels, or stand for ư."""
    vowels = [i for i, ch in enumerate(out) if ch in VOWELS]
    text = "".join(out)
    if "uo" in text:
        i = text.index("uo")
        out[i : i + 2] = ["ư", "ơ"]
    elif any(out[i] in "aou" for i in vowels):
        i = next(i for i in reversed(vowels) if out[i] in "aou")
        out[i] = {"a": "ă", "o": "ơ", "u": "ư"}[out[i]]
    else:
        out.append("ư")


def _letters(word: str) -> str:
    out: list[str] = []
    for ch in word:
        prev = out[-1] if out else ""
        if ch == "d" and prev == "d" and len(out) == 1:
            out[-1] = "đ"
        elif ch in "aeo" and prev == ch:
            out[-1] = {"a": "â", "e": "ê", "o": "ô"}[ch]
        elif ch == "w":
            if prev == "o" and len(out) >= 2 and out[-2] == "u":
                out[-2:] = ["ư", "ơ"]
            elif prev and prev in "aou":
                out[-1] = {"a": "ă", "o": "ơ", "u": "ư"}[prev]
            else:
                _apply_w(out)
        else:
            out.append(ch)
    return "".join(out)


def decode_word(word: str) -> str | None:
    """The Vietnamese syllable a Telex-typed word stands for, or None when it is not Telex."""
    lower = word.lower()
    if not _WORD.fullmatch(lower):
        return None
    # The tone key comes after a vowel: usually last, but "duwfa" (dừa) is typed too.
    for i in range(len(lower) - 1, 0, -1):
        if lower[i] in TONE_KEYS and any(c in "aeiouy" for c in lower[:i]):
            base = _letters(lower[:i] + lower[i + 1 :])
            if _split(base) is not None:
                tone = lower[i]
                break
    else:
        tone, base = "", _letters(lower)
        if _split(base) is None:
            return None
    decoded = place_tone(base, tone) if tone in TONE_MARKS else base
    return decoded if decoded != lower else None


def decode(text: str) -> str | None:
    """`text` with every Telex word decoded, or None when no word was Telex."""
    changed = False

    def repl(match: re.Match[str]) -> str:
        nonlocal changed
        decoded = decode_word(match.group(0))
        if decoded is None:
            return match.group(0)
        changed = True
        return decoded

    result = _WORD.sub(repl, text)
    return result if changed else None


def split_tone(word: str) -> tuple[str, str]:
    """(the word without its tone mark, the tone key or ""): "mật" → ("mât", "j")."""
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_BY_MARK:
            tone = _TONE_BY_MARK[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def tone_placements(word: str) -> list[str]:
    """The spellings of a marked word with its tone on each of its vowels ("hòa", "hoà")."""
    base, tone = split_tone(word)
    if not tone:
        return [word]
    spellings = [word]
    for i, ch in enumerate(base):
        if ch.lower() in VOWELS:
            spelled = unicodedata.normalize("NFC", base[: i + 1] + TONE_MARKS[tone] + base[i + 1 :])
            if spelled not in spellings:
                spellings.append(spelled)
    return spellings
