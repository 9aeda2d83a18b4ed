"""Name normalisation and the country adjectives the gazetteer needs.

Country adjectives ("Russian", "Turkish") are how news most often names a country; no offline package
ships them, so the regular ones are derived from the country name and the irregular ones listed.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_LEADING_ARTICLE = re.compile(r"^the ")


def normalize_name(name: str) -> str:
    """Lower-case ASCII with single spaces: "Kyiv", "KYIV" and "Kýiv" all meet."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_name = ascii_name.replace("'", "").replace("’", "")
    return _LEADING_ARTICLE.sub("", _NON_WORD.sub(" ", ascii_name).strip())


def is_latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) for c in name)


IRREGULAR_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "AF": ("afghan",),
    "AE": ("emirati",),
    "AR": ("argentine", "argentinian"),
    "AZ": ("azerbaijani", "azeri"),
    "BD": ("bangladeshi",),
    "BE": ("belgian",),
    "BH": ("bahraini",),
    "BY": ("belarusian",),
    "CA": ("canadian",),
    "CH": ("swiss",),
    "CL": ("chilean",),
    "CN": ("chinese",),
    "CY": ("cypriot",),
    "CZ": ("czech",),
    "DE": ("german",),
    "DK": ("danish",),
    "EG": ("egyptian",),
    "ES": ("spanish",),
    "FI": ("finnish",),
    "FR": ("french",),
    "GB": ("british", "uk", "english", "scottish", "welsh"),
    "GR": ("greek",),
    "IE": ("irish",),
    "IL": ("israeli",),
    "IQ": ("iraqi",),
    "IR": ("iranian",),
    "IS": ("icelandic",),
    "JP": ("japanese",),
    "KP": ("north korean",),
    "KR": ("south korean",),
    "KW": ("kuwaiti",),
    "LB": ("lebanese",),
    "LU": ("luxembourgish",),
    "MA": ("moroccan",),
    "MM": ("burmese",),
    "MX": ("mexican",),
    "NL": ("dutch",),
    "NO": ("norwegian",),
    "NZ": ("new zealand",),
    "OM": ("omani",),
    "PE": ("peruvian",),
    "PH": ("filipino", "philippine"),
    "PK": ("pakistani",),
    "PL": ("polish",),
    "PS": ("palestinian",),
    "PT": ("portuguese",),
    "QA": ("qatari",),
    "SA": ("saudi",),
    "SD": ("sudanese",),
    "SE": ("swedish",),
    "SS": ("south sudanese",),
    "TH": ("thai",),
    "TJ": ("tajik",),
    "TR": ("turkish",),
    "TW": ("taiwanese",),
    "UA": ("ukrainian",),
    "US": ("american", "u s", "us", "usa"),
    "UZ": ("uzbek",),
    "VN": ("vietnamese",),
    "YE": ("yemeni",),
    "HU": ("hungarian",),
    "SK": ("slovak",),
    "SI": ("slovenian",),
    "HR": ("croatian",),
    "RS": ("serbian",),
    "BA": ("bosnian",),
    "ML": ("malian",),
    "NE": ("nigerien",),
    "NG": ("nigerian",),
    "SO": ("somali",),
    "ET": ("ethiopian",),
    "CD": ("congolese",),
    "SY": ("syrian",),
    "LY": ("libyan",),
    "TN": ("tunisian",),
    "DZ": ("algerian",),
    "JO": ("jordanian",),
}


def regular_adjectives(country_name: str) -> tuple[str, ...]:
    """ "Russia" → "russian", "Kenya" → "kenyan", "Brazil" → "brazilian"; only the safe patterns."""
    name = normalize_name(country_name)
    if " " in name:
        return ()
    if name.endswith("ia"):
        return (name + "n",)
    if name.endswith("a"):
        return (name + "n",)
    if name.endswith(("il", "l")):
        return (name + "ian",)
    return ()
