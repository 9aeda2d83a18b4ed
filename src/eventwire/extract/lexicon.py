"""Words that signal events, their methods and their ACLED types.

Rules over a parsed sentence, not a trained model: no offline model ships for event triggers, and
the cues below are few, stable and checkable. Each rule names the ACLED (type, sub-type) it implies.
"""

from __future__ import annotations

import re

EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
BATTLES = "Battles"
STRATEGIC = "Strategic developments"
ARRESTS = "Arrests"  # the one sub-type whose second actor, the arrested, extraction reads
# Reports whose main event is not political violence (a rehab stay, an earthquake, a product launch)
# still have one; its sub-type is the non-ACLED CASE 2021 label the classifier gives, else "Other".
OTHER_EVENTS = "Other events"
OTHER_SUBTYPES = {
    "DIPLO": "Diplomatic action",
    "ORG_CRIME": "Crime",
    "ATTRIB": "Claim or accusation",
    "NATURAL_DISASTER": "Natural disaster",
    "MAN_MADE_DISASTER": "Accident or man-made disaster",
}

# Trigger lemmas → the event family they signal.
TRIGGERS: dict[str, str] = {
    **dict.fromkeys(
        ["explode", "explosion", "blast", "bomb", "bombing", "detonate", "ied", "blow"], "explosion"
    ),
    **dict.fromkeys(
        ["strike", "airstrike", "missile", "shelling", "shell", "drone", "bombardment", "barrage", "rocket"],
        "strike",
    ),
    **dict.fromkeys(["assault", "attack", "raid"], "attack"),
    **dict.fromkeys(["kill", "murder", "assassinate", "assassination", "shoot", "stab"], "killing"),
    # the nouns too: "JPSO investigating Avondale shooting", "Drug deal ends in gunfire"
    **dict.fromkeys(["shooting", "gunfire", "gunshot"], "killing"),
    **dict.fromkeys(["death", "die", "slay", "slaying"], "killing"),
    **dict.fromkeys(["protest", "rally", "demonstration", "demonstrator", "protester", "march"], "protest"),
    **dict.fromkeys(["riot", "clash", "looting", "mob"], "riot"),
    **dict.fromkeys(["fighting", "battle", "offensive", "firefight", "shootout", "gunfight"], "battle"),
    **dict.fromkeys(["arrest", "detain", "detention"], "arrest"),
}

# Method phrases, most specific first: the first that matches names the method.
METHODS: list[tuple[str, re.Pattern[str]]] = [
    ("suicide bomb", re.compile(r"\bsuicide (?:bomb|bomber|bombing|attack)", re.I)),
    ("scooter bomb", re.compile(r"\b(?:scooter[- ]bomb|bomb\w*\b[^.]{0,60}\bscooter)", re.I)),
    (
        "car bomb",
        re.compile(r"\bcar[- ]bomb(?:ing)?s?\b|\bbomb\w*\b[^.]{0,30}\b(?:parked )?(?:car|vehicle)\b", re.I),
    ),
    ("IED", re.compile(r"\b(?:IED|improvised explosive device|home-made bomb|homemade bomb)s?\b", re.I)),
    ("drone", re.compile(r"\bdrones?\b", re.I)),
    ("missile", re.compile(r"\b(?:ballistic |cruise )?missiles?\b|\brockets?\b", re.I)),
    ("air strike", re.compile(r"\bair ?strikes?\b|\bairstrikes?\b", re.I)),
    ("shelling", re.compile(r"\bshelling\b|\bartillery\b", re.I)),
    ("grenade", re.compile(r"\bgrenades?\b", re.I)),
    ("firearm", re.compile(r"\b(?:shot|shooting|gunman|gunmen|gunfire|rifle)\b", re.I)),
    ("knife", re.compile(r"\b(?:stabbed|stabbing|knife)\b", re.I)),
]

_METHOD_SUBTYPE = {
    "suicide bomb": (EXPLOSIONS, "Suicide bomb"),
    "scooter bomb": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "car bomb": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "IED": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "drone": (EXPLOSIONS, "Air/drone strike"),
    "air strike": (EXPLOSIONS, "Air/drone strike"),
    "missile": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "shelling": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "grenade": (EXPLOSIONS, "Grenade"),
    "firearm": (VIOLENCE, "Attack"),
    "knife": (VIOLENCE, "Attack"),
}
_FAMILY_SUBTYPE = {
    "explosion": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "strike": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "attack": (VIOLENCE, "Attack"),
    "killing": (VIOLENCE, "Attack"),
    "protest": (PROTESTS, "Peaceful protest"),
    "riot": (RIOTS, "Violent demonstration"),
    "battle": (BATTLES, "Armed clash"),
    "arrest": (STRATEGIC, ARRESTS),
    "death": (OTHER_EVENTS, "Other"),
}
_FAMILY_RANK = ["explosion", "strike", "battle", "riot", "protest", "attack", "killing", "arrest", "death"]
_FORCE_ON_PROTEST = re.compile(
    r"\b(?:tear gas|water cannon|rubber bullets|dispersed|beat(?:en)? protesters)\b", re.I
)
_VIOLENT_PROTEST = re.compile(
    r"\b(?:clashed|hurled|threw (?:stones|rocks|petrol bombs)|set fire|torched)\b", re.I
)

# Steps of a court, a prosecutor or the police, and who takes them: a day they date ("convicted on
# Tuesday", "at a hearing Friday", "a video of the shooting released Thursday", "jurors yesterday
# watched", "went on trial Wednesday") comes after the violence the report is about, and is not its day.
PROCEEDINGS = frozenset(
    {"announce", "charge", "indict", "arraign", "plead", "convict", "acquit", "sentence", "testify"}
    | {"trial", "hearing", "verdict", "sentencing", "arraignment", "indictment", "conviction", "release"}
    | {"reveal", "disclose"}
    | {"jury", "juror", "judge", "prosecutor", "prosecution", "court", "courtroom"}
)

# Words that introduce another event inside a sentence about this one: the sentence is cut there.
RECALL_CUTS = re.compile(r"\b(?:echoes|follows|recalls|including that of|after another)\b", re.I)
# Words that, opening a sentence, say the whole sentence is about an earlier or other event.
RECALL_OPENINGS = re.compile(
    r"\s*(?:in a similar (?:case|attack|incident)|similarly|previously|earlier this (?:year|month)|last (?:year|month)|"
    r"in (?:a|an) (?:earlier|previous|separate) (?:case|attack|incident))\b",
    re.I,
)
# What one strikes without hitting anyone ("struck a deal"), and attacks that are illness.
STRUCK_NOT_HIT = frozenset(
    {"deal", "agreement", "accord", "bargain", "balance", "chord", "note", "tone", "pose"}
)
ILLNESS_ATTACKS = frozenset({"heart", "panic", "asthma", "anxiety"})
# What firefighters, doctors and campaigners fight: "fire-fighting equipment", "fighting the blaze".
FOUGHT_NOT_ARMED = frozenset(
    {
        "fire",
        "blaze",
        "flame",
        "wildfire",
        "bushfire",
        "cancer",
        "disease",
        "illness",
        "corruption",
        "poverty",
    }
)
# Shots at a basket: "a jump shot", "a hook shot", "a three - point shot" (as ECB+ spaces it).
BASKET_SHOTS = frozenset({"jump", "hook", "bank", "point", "pointer", "layup", "buzzer", "foul"})
# Words of fighting that sports reports use for play ("rallied to tie the game", "won the turnover
# battle", "blasted Indy with 352 rushing yards", "a powerful attack in the running game"), and
# what marks a sentence as such a report. Words of shooting and killing are not among them: a
# player shot dead is news of violence.
PLAYED_FIGHTING = frozenset(
    {"attack", "battle", "fighting", "blast", "bomb", "march", "rally", "strike", "offensive", "clash"}
)
SPORTS = re.compile(
    r"\b(?:touchdowns?|playoffs?|quarterbacks?|innings?|halftime|half-time|free throws?|field goals?"
    r"|home runs?|wickets?|goalkeepers?|midfielders?|hat-trick|semifinals?|quarterfinals?|Super Bowl"
    r"|NBA|NFL|MLB|NHL|NCAA|KOs?|(?:rushing|passing|receiving) yards|yards (?:rushing|passing|receiving)"
    r"|\d+ (?:rebounds|assists)|scored \d+ points|turnover battle|run(?:ning)? game)\b"
)
# Words of computing: in their sentence an attack, a strike or a raid is on software, no violence
# ("targeted attacks directed at IE8 and 9", "attackers could exploit the vulnerability"). Not
# "hacked" or "hacking" (a machete), nor "windows" (shattered by a blast).
COMPUTING = re.compile(
    r"\b(?:vulnerabilit(?:y|ies)|malware|malicious code|hackers?|cyber\w*|browsers?|software"
    r"|zero ?- ?day|phishing|botnets?|ransomware|denial[- ]of[- ]service|DDoS|Internet Explorer"
    r"|IE ?\d+|computers?|servers|websites?|web sites?)\b",
    re.I,
)
# The words of fighting that a sentence of computing uses for what is done to software.
HACKING_FIGHTING = frozenset({"attack", "assault", "raid", "strike", "bomb", "blast", "offensive"})
# What is killed without a victim: "special interests have killed reform", "killed the deal".
KILLED_NOT_PEOPLE = frozenset(
    {"reform", "bill", "deal", "plan", "idea", "project", "proposal", "legislation", "talks", "division"}
    | {"momentum", "chance", "chances", "hope", "hopes", "mood", "buzz", "engine", "lights", "power", "time"}
)
# A fight to live, no armed one: "a desperate battle to stay alive", "fighting for his life", "her
# battle against cancer" (read after the word of fighting).
FOUGHT_TO_LIVE = re.compile(
    r"(?:to (?:stay alive|survive|live)\b"
    r"|for (?:(?:his|her|their|its|my|our|your) )?(?:life|lives|survival)\b"
    r"|against (?:the |a |an )?(?:" + "|".join(sorted(FOUGHT_NOT_ARMED)) + r")\b)"
)
# Who or what strikes with no weapon: a vehicle in a road accident ("struck by a car", "the driver
# struck a woman") and thieves at a shop or a bank account ("jewel thieves have struck in Paris").
STRUCK_BY_NO_WEAPON = frozenset(
    {"car", "vehicle", "truck", "van", "bus", "train", "suv", "motorcycle", "taxi", "cab", "driver"}
    | {"motorist", "sedan", "pickup", "lorry", "tram"}
    | {"thief", "robber", "burglar", "shoplifter", "pickpocket", "fraudster", "hacker", "scammer"}
)
# What is shot when a camera shoots, and who strikes when workers do.
FILMED = frozenset({"film", "movie", "episode", "commercial", "sequel"})  # not "video": "(VIDEO)" headlines
# What one shoots for without a gun: "the project was shooting for a 2011 release date".
AIMED_AT = frozenset({"date", "release", "goal", "target", "record", "title", "star", "moon", "top"})
STRIKERS = frozenset(
    {"writer", "actor", "worker", "union", "general", "hunger", "teacher", "labor", "labour"}
    | {"nurse", "doctor"}
)
# Words of guns: where they are said and no striking weapon is, "struck" is a bullet's ("the victim
# was struck once"), no shelling.
GUNFIRE = re.compile(
    r"\b(?:shots?|shooting|shootings|gunshots?|gunfire|gunman|gunmen|guns?|bullets?|rifles?|pistols?|handguns?"
    r"|shotguns?|gunpoint)\b",
    re.I,
)
STRUCK_BY_WEAPONS = re.compile(
    r"\b(?:air|airstrikes?|drones?|missiles?|rockets?|artillery|shells?|shelling|mortars?|warplanes?|jets?"
    r"|bomb\w*|planes?|aircraft|lightning)\b",
    re.I,
)
# A noun "shooting" that names no gunfire: "a shooting range", "a shooting star", "the shooting schedule".
SHOOTING_NOT_GUNFIRE = frozenset(
    {"range", "star", "stars", "gallery", "schedule", "script", "percentage", "guard", "sports", "club"}
    | {"competition", "season", "location", "locations", "day", "days", "crew", "touch", "slump"}
)
# A basketball player's shooting: "10-for-10 shooting from the floor", "shooting from deep".
SHOOTING_SCORE = re.compile(r"\d+\s*-\s*(?:for|of)\s*-\s*\d+$")
SHOOTING_FROM = re.compile(
    r"from (?:the (?:floor|field|line|free-throw line|arc|perimeter)|deep|outside|three)\b"
)
# An abbreviation's period, also as a tokenised text writes it ("S . Tracy", "5th Pl . and Hayes")
_PERIOD = r"(?:\s?\.)?"
# A US police report's address: "the 900 block of North Denny Street", "the 14200 block of S. Tracy Ave."
_STREET_BLOCK = re.compile(
    rf"\b\d+\s+block\s+(?:of\s+)?(?:(?P<direction>North|South|East|West|[NSEW]){_PERIOD}\s+)?"
    r"(?P<street>(?:\d+(?:st|nd|rd|th)|[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*){0,3})"
)
_STREET_TYPE = re.compile(
    r"\s+(?:street|st|avenue|ave|road|rd|drive|dr|court|ct|lane|ln|boulevard|blvd|place|pl|way|parkway|pkwy"
    r"|terrace|ter|circle|cir|highway|hwy|trail|square|alley)\b.*$",
    re.I,
)


_STREET_NAME = rf"(?:(?:North|South|East|West|[NSEW]{_PERIOD})\s+)?(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)"
_STREET_TYPE_WORD = (
    rf"\s+(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Place|Pl|Lane|Ln|Court|Ct)\b{_PERIOD}"
)
# A street corner: "near 65th and Thurston", "at Holton Street & North Avenue" (one side a numbered
# street or named with its type, so that "of Children and Family Services" is none).
_STREET_CORNER = re.compile(
    rf"\b(?:near|at|of)\s+(?:the\s+intersection\s+of\s+)?(?P<first>{_STREET_NAME})(?P<type>{_STREET_TYPE_WORD})?"
    rf"\s+(?:and|&)\s+(?P<second>{_STREET_NAME})"
)
# A house number on a street named with its type: "at 1567 W. National Avenue", "on 4210 N. 76th St."
_STREET_NUMBER = re.compile(
    rf"\b(?:at|on)\s+\d{{1,5}}\s+(?P<street>{_STREET_NAME}(?:\s+[A-Z][a-z]+)?){_STREET_TYPE_WORD}"
)
_ORDINAL_STREET = re.compile(r"(?:\S+\s+)?\d+(?:st|nd|rd|th)$")


def street_addresses(text: str) -> list[tuple[int, int, list[str]]]:
    """The block addresses, house numbers and street corners a text gives (where each starts and
    ends) with their streets by base name ("denny" for "the 900 block of North Denny Street",
    "national" for "1567 W. National Avenue", "65th" and "thurston" for "near 65th and Thurston"): a
    report may write the street's type or direction or leave them out. A direction is the name of
    "North Avenue" ("the 2400 block of W. North Ave.")."""
    found = []
    for match in _STREET_BLOCK.finditer(text):
        name = (
            _STREET_TYPE.sub("", " " + match.group("street")).strip() or match.group("direction") or ""
        ).lower()
        found.append(
            (match.start(), match.end(), [_ORDINAL_WORDS.get(name, name) or match.group("street").lower()])
        )
    for address in _STREET_NUMBER.finditer(text):
        found.append((address.start("street"), address.end(), [_base_name(address.group("street"))]))
    for corner in _STREET_CORNER.finditer(text):
        first, second = corner.group("first"), corner.group("second")
        if corner.group("type") or _ORDINAL_STREET.match(first) or _ORDINAL_STREET.match(second):
            found.append((corner.start("first"), corner.end(), [_base_name(first), _base_name(second)]))
    return found


def streets_in(text: str) -> list[str]:
    """The streets of `street_addresses`, in order of kind (block addresses, house numbers, then
    corners)."""
    return [street for _, _, streets in street_addresses(text) for street in streets]


_ORDINAL_WORDS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
    "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th", "twelfth": "12th",
}  # fmt: skip


def _base_name(street: str) -> str:
    """ "North Avenue" is "north", "W. Erie" is "erie", "35th" is "35th", "Fifth" is "5th"."""
    words = street.replace(".", " ").split()
    name = (
        words[-1] if words[-1].lower() not in ("avenue", "street") or len(words) == 1 else words[0]
    ).lower()
    return _ORDINAL_WORDS.get(name, name)


# What strikes from the air or afar: "an air strike", "a drone strike" are no workers' strike.
STRIKING_WEAPONS = frozenset(
    {"air", "airstrike", "drone", "missile", "rocket", "artillery", "military", "aerial", "nuclear", "naval"}
    | {"retaliatory", "preemptive", "precision", "surgical"}
)
# A natural hazard "strikes" and "kills": those words then tell no attack.
NATURAL_HAZARD = re.compile(
    r"\b(?:earthquake|quake|tremor|aftershock|tsunami|flood|hurricane|typhoon|cyclone|tornado"
    r"|landslide|mudslide|avalanche|wildfire|volcano|eruption|lightning)s?\b",
    re.I,
)
# What a natural hazard does to people as well as any attacker: killing words that, in a report
# led by a hazard, tell its toll, not violence ("shoot", "stab" or "murder" still do).
DYING = frozenset({"kill", "die", "death"})
# How a death tells violence when "died" or "death" is the only word of it: a cause (gunshot
# wounds, a beating, custody) or who died (a soldier, a gunman). One person's death without them is
# an obituary's or a leader's, an event of no violence ("Bettie Page died Thursday", "since the death
# of Niyazov"); heard in the word's whole sentence.
VIOLENT_DEATH = re.compile(
    r"\b(?:gunshot|gunfire|gun|guns|bullets?|wounds?|wounded|injur\w*|beat(?:en|ing)|stabb\w*"
    r"|violen\w*|clash\w*|fire|fired|shot|shooting|explosion|blast|bomb\w*|execut\w*"
    r"|(?<!heart )(?<!panic )(?<!asthma )attack\w*"  # a heart attack tells no violence
    r"|hanged|lynch\w*|tortur\w*|custody|massacre\w*|murder\w*|kill\w*|assault\w*|strikes?|raid"
    r"|fighting|battle|war|soldiers?|troops|militants?|fighters?|rebels?|insurgents?|gunm[ae]n"
    r"|policem[ae]n|officers?|troopers?|peacekeepers?|protesters?|hostages?"
    r"|shotgun\w*|bludgeon\w*|strangl\w*|robbery|robbers?|homicide|suspects?|suspicious)\b",
    re.I,
)
# Accidents that kill: a fall ("fell to his death", "after a fall from a mountain"), drowning, a
# crash; in their piece of a sentence the words of `DYING` tell no violence.
ACCIDENT = re.compile(
    r"\b(?:fell|falls?|falling|plunged?|plunges|plunging)\b"
    r"(?=[^.;]{0,40}?\b(?:deaths?|from|off|over the edge)\b)"
    r"|\bdrown(?:ed|ing|s)?\b"
    r"|\b(?:plane|car|bus|train|road|traffic|helicopter) (?:crash|accident|collision)e?s?\b",
    re.I,
)
# Deaths from disease are not political violence: "killing" words next to these start no event.
DISEASE = re.compile(
    r"\b(?:cholera|epidemic|outbreak|virus|flu|influenza|disease|infection|fever|ebola|malaria|measles|pandemic)s?\b",
    re.I,
)
CLAIM = re.compile(
    r"\b(?:took|claimed|admitted|accepted)\s+responsibility\b|\bclaimed the (?:attack|killing|bombing)\b",
    re.I,
)
UNCLAIMED = re.compile(
    r"\b(?:yet to be claimed|no (?:group|one) (?:has )?claimed|nobody has claimed|has not been claimed)\b",
    re.I,
)


def method_of(text: str) -> str | None:
    for name, pattern in METHODS:
        if pattern.search(text):
            return name
    return None


def event_type_of(
    families: list[str], method: str | None, text: str, method_families: list[str] | None = None
) -> tuple[str, str]:
    """ACLED (type, sub-type) from the trigger families of a mention and its method. A riot or a
    fight (both sides armed) beats a gun's attack, and an explosion any weapon's attack, where the
    event is first told or told with the method (`method_families`, the families of those pieces;
    all of them when not given), not further on: San Bernardino's shooting "that killed 14" stays
    a shooting where a later sentence tells of the pipe bombs left behind."""
    if (
        method
        and method in _METHOD_SUBTYPE
        and any(f in ("explosion", "strike", "attack", "killing") for f in families)
    ):
        event_type, sub_type = _METHOD_SUBTYPE[method]
        told_with = families if method_families is None else method_families
        for fight in ("riot", "battle"):  # "clashes over teenager's shooting", "2 men wanted in shootout"
            if fight in told_with and method == "firearm":
                return _FAMILY_SUBTYPE[fight]
        if "explosion" in told_with and event_type != EXPLOSIONS:
            return _FAMILY_SUBTYPE["explosion"]
        return event_type, sub_type
    family = min(families, key=_FAMILY_RANK.index) if families else "attack"
    if family == "protest":
        if _VIOLENT_PROTEST.search(text):
            return RIOTS, "Violent demonstration"
        if _FORCE_ON_PROTEST.search(text):
            return PROTESTS, "Protest with intervention"
    return _FAMILY_SUBTYPE[family]


# Compass points as bearings in degrees ("20 miles east of Moscow", "the northwest side").
_COMPASS_BEARINGS = {
    "north": 0,
    "northeast": 45,
    "east": 90,
    "southeast": 135,
    "south": 180,
    "southwest": 225,
    "west": 270,
    "northwest": 315,
}
_COMPASS_WORD = re.compile(r"north|south|east|west")


def bearing_of(direction: str) -> int | None:
    """The bearing a compass direction names however it is written ("north-east", "north east",
    "near northeast side"), None when it names none."""
    return _COMPASS_BEARINGS.get("".join(_COMPASS_WORD.findall(direction.lower())))
