"""The event taxonomy as data: ACLED types and sub-types, the CASE 2021 labels, CAMEO and PLOVER.

ACLED is the spine because our records carry an ACLED (type, sub-type). The CASE 2021 Task 2 labels
are ACLED's 25 sub-types under short names plus five that ACLED does not code; they are what our
classifier predicts, so each says which ACLED pair it means (or none). CAMEO roots (01–20) and
PLOVER categories are given per ACLED sub-type so records can be joined with event data coded in
those schemes; the choices where no exact match exists are explained in docs/event-types.md.
"""

from __future__ import annotations

from dataclasses import dataclass

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

ACLED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    EXPLOSIONS: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    VIOLENCE: ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

ACLED_SUBTYPES: frozenset[tuple[str, str]] = frozenset(
    (event_type, sub_type) for event_type, sub_types in ACLED_EVENT_TYPES.items() for sub_type in sub_types
)

CAMEO_ROOTS: dict[str, str] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

# PLOVER's sixteen event types as released with the POLECAT data set (REQUEST replaced DEMAND).
PLOVER_CATEGORIES: frozenset[str] = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)


@dataclass(frozen=True, slots=True)
class CodeMapping:
    """Where one event kind lands in CAMEO and PLOVER; None where the scheme has no place for it."""

    cameo_root: str | None
    cameo_code: str | None
    plover: str | None
    note: str = ""


ACLED_TO_CAMEO_PLOVER: dict[tuple[str, str], CodeMapping] = {
    (BATTLES, "Armed clash"): CodeMapping("19", "193", "ASSAULT"),
    (BATTLES, "Government regains territory"): CodeMapping(
        "19", "190", "ASSAULT", "the fighting is the event; CAMEO 192 'occupy territory' would make it COERCE"
    ),
    (BATTLES, "Non-state actor overtakes territory"): CodeMapping(
        "19", "190", "ASSAULT", "as for government gains: the fighting is the event"
    ),
    (EXPLOSIONS, "Chemical weapon"): CodeMapping("20", "2041", "ASSAULT"),
    (EXPLOSIONS, "Air/drone strike"): CodeMapping("19", "195", "ASSAULT"),
    (EXPLOSIONS, "Suicide bomb"): CodeMapping("18", "1831", "ASSAULT"),
    (EXPLOSIONS, "Shelling/artillery/missile attack"): CodeMapping("19", "194", "ASSAULT"),
    (EXPLOSIONS, "Remote explosive/landmine/IED"): CodeMapping("18", "1833", "ASSAULT"),
    (EXPLOSIONS, "Grenade"): CodeMapping(
        "18", "183", "ASSAULT", "CAMEO has no grenade code; a thrown bomb is a non-military bombing"
    ),
    (VIOLENCE, "Sexual violence"): CodeMapping("18", "1821", "ASSAULT"),
    (VIOLENCE, "Attack"): CodeMapping("18", "180", "ASSAULT"),
    (VIOLENCE, "Abduction/forced disappearance"): CodeMapping("18", "181", "ASSAULT"),
    (PROTESTS, "Peaceful protest"): CodeMapping("14", "141", "PROTEST"),
    (PROTESTS, "Protest with intervention"): CodeMapping(
        "14", "141", "PROTEST", "coded as the protest; the intervention alone would be 17/COERCE"
    ),
    (PROTESTS, "Excessive force against protesters"): CodeMapping(
        "17", "175", "ASSAULT", "violent repression is CAMEO 17 but PLOVER ASSAULT"
    ),
    (RIOTS, "Violent demonstration"): CodeMapping("14", "145", "PROTEST"),
    (RIOTS, "Mob violence"): CodeMapping(
        "18",
        "180",
        "ASSAULT",
        "no protest aim, so CAMEO's protest branch does not fit; a mob attacking people",
    ),
    (STRATEGIC, "Agreement"): CodeMapping(
        "05",
        "057",
        "AGREE",
        "ceasefires and deals between warring sides fit PLOVER AGREE better than SUPPORT",
    ),
    (STRATEGIC, "Arrests"): CodeMapping("17", "173", "COERCE"),
    (STRATEGIC, "Change to group/activity"): CodeMapping(
        "15", "154", "MOBILIZE", "mostly deployments and reinforcements; formations and defections too"
    ),
    (STRATEGIC, "Disrupted weapons use"): CodeMapping("17", "1711", "COERCE", "seizing or defusing weapons"),
    (STRATEGIC, "Headquarters or base established"): CodeMapping("15", "150", "MOBILIZE"),
    (STRATEGIC, "Looting/property destruction"): CodeMapping(
        "17", "171", "COERCE", "seize or damage property; PLOVER puts pure destruction (1712) under ASSAULT"
    ),
    (STRATEGIC, "Non-violent transfer of territory"): CodeMapping(
        "08", "0874", "RETREAT", "defined by one side withdrawing without a fight"
    ),
    (STRATEGIC, "Other"): CodeMapping(
        "01", None, None, "CAMEO has no catch-all root; 01 is the least specific; PLOVER has no category"
    ),
}


@dataclass(frozen=True, slots=True)
class CaseLabel:
    """One CASE 2021 Task 2 label: what it means, its ACLED pair (None if not ACLED) and its codes."""

    name: str
    description: str
    acled: tuple[str, str] | None
    codes: CodeMapping

    @property
    def is_acled(self) -> bool:
        return self.acled is not None


def _acled(label: str, event_type: str, sub_type: str, description: str) -> CaseLabel:
    pair = (event_type, sub_type)
    return CaseLabel(label, description, pair, ACLED_TO_CAMEO_PLOVER[pair])


# The descriptions double as extra training examples for the classifier, so they are written as a
# reporter would state such an event, in general terms (no names from any data set).
CASE2021_LABELS: dict[str, CaseLabel] = {
    label.name: label
    for label in (
        _acled(
            "ARMED_CLASH",
            BATTLES,
            "Armed clash",
            "Armed groups fight each other: a battle or exchange of fire between soldiers, militants, rebels "
            "or militias, with no change of who controls the area.",
        ),
        _acled(
            "GOV_REGAINS_TERIT",
            BATTLES,
            "Government regains territory",
            "Government forces or their allies win back control of a town, village or area from rebels, "
            "militants or another non-state group.",
        ),
        _acled(
            "NON_STATE_ACTOR_OVERTAKES_TER",
            BATTLES,
            "Non-state actor overtakes territory",
            "Rebels, militants, insurgents or a militia capture a town, base or area from the government or "
            "from another armed group.",
        ),
        _acled(
            "CHEM_WEAP",
            EXPLOSIONS,
            "Chemical weapon",
            "A chemical weapon such as chlorine, sarin or mustard gas, or a toxic gas attack, is used "
            "against people.",
        ),
        _acled(
            "AIR_STRIKE",
            EXPLOSIONS,
            "Air/drone strike",
            "Warplanes, helicopters or drones bomb or strike a target from the air: an air raid or drone strike.",
        ),
        _acled(
            "SUIC_BOMB",
            EXPLOSIONS,
            "Suicide bomb",
            "A suicide bomber blows himself up, or an attacker detonates an explosive vest, belt or vehicle "
            "bomb while dying in the blast.",
        ),
        _acled(
            "ART_MISS_ATTACK",
            EXPLOSIONS,
            "Shelling/artillery/missile attack",
            "Artillery shelling, mortar fire, rockets or missiles are fired at a place from a distance.",
        ),
        _acled(
            "REM_EXPLOS",
            EXPLOSIONS,
            "Remote explosive/landmine/IED",
            "A planted bomb, roadside bomb, landmine, improvised explosive device or car bomb explodes, set "
            "off remotely or by contact, with no suicide attacker.",
        ),
        _acled(
            "GRENADE",
            EXPLOSIONS,
            "Grenade",
            "Someone throws a grenade or hand bomb at people or buildings.",
        ),
        _acled(
            "SEX_VIOL",
            VIOLENCE,
            "Sexual violence",
            "Rape, sexual assault or other sexual violence against civilians.",
        ),
        _acled(
            "ATTACK",
            VIOLENCE,
            "Attack",
            "Armed men attack, shoot, stab, kill or beat unarmed civilians, or assassinate a person.",
        ),
        _acled(
            "ABDUCT_DISSAP",
            VIOLENCE,
            "Abduction/forced disappearance",
            "People are kidnapped, abducted, taken hostage or forcibly disappeared.",
        ),
        _acled(
            "PEACE_PROTEST",
            PROTESTS,
            "Peaceful protest",
            "People demonstrate, rally, march or hold a sit-in or strike peacefully, and the authorities do "
            "not intervene.",
        ),
        _acled(
            "PROTEST_WITH_INTER",
            PROTESTS,
            "Protest with intervention",
            "Peaceful protesters are dispersed, detained or arrested by police, for example with tear gas or "
            "water cannon, without serious injuries.",
        ),
        _acled(
            "FORCE_AGAINST_PROTEST",
            PROTESTS,
            "Excessive force against protesters",
            "Security forces use lethal or excessive force against peaceful protesters, shooting, beating, "
            "wounding or killing them.",
        ),
        _acled(
            "VIOL_DEMONSTR",
            RIOTS,
            "Violent demonstration",
            "Demonstrators riot, throw stones or petrol bombs, burn property, clash with police or vandalise "
            "during a protest.",
        ),
        _acled(
            "MOB_VIOL",
            RIOTS,
            "Mob violence",
            "An angry mob or vigilantes attack, lynch or beat people, outside an organised protest.",
        ),
        _acled(
            "AGREEMENT",
            STRATEGIC,
            "Agreement",
            "Parties sign or agree to a peace deal, ceasefire, truce, prisoner exchange or other accord.",
        ),
        _acled(
            "ARREST",
            STRATEGIC,
            "Arrests",
            "Police or security forces arrest, detain or capture suspects or members of a group.",
        ),
        _acled(
            "CHANGE_TO_GROUP_ACT",
            STRATEGIC,
            "Change to group/activity",
            "An armed group or army changes: troops are deployed, reinforced or withdrawn, fighters defect, "
            "groups merge, split or are formed.",
        ),
        _acled(
            "DISR_WEAP",
            STRATEGIC,
            "Disrupted weapons use",
            "Security forces seize a weapons cache, defuse a bomb, intercept explosives or foil a planned attack.",
        ),
        _acled(
            "HQ_ESTABLISHED",
            STRATEGIC,
            "Headquarters or base established",
            "An armed force sets up a new military base, outpost, observation post or headquarters.",
        ),
        _acled(
            "PROPERTY_DISTRUCT",
            STRATEGIC,
            "Looting/property destruction",
            "Shops, houses or property are looted, burned, vandalised or destroyed.",
        ),
        _acled(
            "NON_VIOL_TERRIT_TRANSFER",
            STRATEGIC,
            "Non-violent transfer of territory",
            "Forces withdraw from an area and another group takes control of it without fighting.",
        ),
        _acled(
            "OTHER",
            STRATEGIC,
            "Other",
            "Other political developments: people flee or are displaced, mass graves are found, humanitarian "
            "crises.",
        ),
        CaseLabel(
            "DIPLO",
            "Diplomatic action between states: sanctions, expelling diplomats, recalling ambassadors, official "
            "visits and talks.",
            None,
            CodeMapping(
                "16",
                "160",
                "SANCTION",
                "most reports are sanctions and expulsions; talks would be 04/CONSULT",
            ),
        ),
        CaseLabel(
            "ORG_CRIME",
            "Ordinary or organised crime: robbery, theft, drug trafficking, smuggling, gang activity or fraud.",
            None,
            CodeMapping(
                None,
                None,
                None,
                "CAMEO and PLOVER code political interactions; crime is only a PLOVER context",
            ),
        ),
        CaseLabel(
            "ATTRIB",
            "Someone claims responsibility for an attack, or blames or accuses another party of being behind it.",
            None,
            CodeMapping(
                "01", "015", "ACCUSE", "claims are CAMEO 015; blame is CAMEO 112 (root 11) and PLOVER ACCUSE"
            ),
        ),
        CaseLabel(
            "NATURAL_DISASTER",
            "A natural disaster: earthquake, flood, storm, hurricane, cyclone, landslide, wildfire, drought or "
            "volcanic eruption.",
            None,
            CodeMapping(None, None, None, "no actor acts on another, so neither scheme codes it"),
        ),
        CaseLabel(
            "MAN_MADE_DISASTER",
            "An accident or man-made disaster: an industrial explosion, fire, building collapse, crash, "
            "poisoning or chemical leak.",
            None,
            CodeMapping(None, None, None, "accidents are not political interactions in either scheme"),
        ),
    )
}


def acled_pair(label: str) -> tuple[str, str] | None:
    """The ACLED (type, sub-type) of a CASE label, None for the five non-ACLED labels.

    Raises KeyError naming the label when it is not a CASE 2021 label, so a typo is not read as "non-ACLED".
    """
    try:
        return CASE2021_LABELS[label].acled
    except KeyError:
        raise KeyError(f"unknown CASE 2021 event label {label!r}") from None
