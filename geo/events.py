"""Events from sentences: trigger words, the place where it happened, the date, the actors.

Trigger words are found by `geo.triggers` (the lexicon ``geo/data/triggers.csv``); each gives the
ACLED ``event_type``/``sub_event_type``, our finer label and a strength.

``Event.notes`` holds ``"; "``-separated tokens: first the finer label (``siege_broken``,
``capture``, ``airstrike``, ``meeting``, ``statement``, ``aid``, ``demining``, ...), then flags:

* ``reported``: no date in the text, the publication date stands in (``time_precision`` 2);
* ``planned``: future or intended, only with ``include_planned=True`` (confidence <= 0.2);
* ``place from sentence``/``place from context``/``place from title``: the trigger's clause named
  no place, so one came from elsewhere in the sentence, a neighbouring sentence of the same
  paragraph (or, for "recaptured the city", the last city named before), or the headline's event
  of the same label (confidence lowered);
* ``background``: a past event recalled (past perfect "had met", a biography "played a role in
  ousting", an event cited as a cause "the strike helped ..."): kept only when its own sentence
  dates it, with lower confidence; without a date of its own it is dropped.

The place is chosen per trigger among the resolved mentions of its clause (the text between the
neighbouring triggers of the sentence): a locative preposition ("in", "at", "near", "through",
"on the outskirts of") or a direct object beats a subject; a site (air base, military base, oil
field...) tied by through/at/around/into beats the city; a place used as an actor ("Moscow has
sent", "Washington said", "the alliance between Damascus and Moscow") and an origin ("from
Moscow") are not the event's place, except after verbs of removal ("drove IS out from X").
Places listed together where it happened ("took X, Y and, lastly, Z") give one event each; a
statement or meeting is not placed inside its quoted words.

Actors come first-the-doer (`geo.actors.order_by_role`); ground taken (``capture``,
``siege_broken``) is "Government regains territory" or "Non-state actor overtakes territory" by
the kind of that side, "Armed clash" when it is not named; a withdrawal under fire is a battle. A
trigger that only supports another ("backed by Russian airstrikes") is not an event of its own.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import replace

from gazetteer.model import Place
from geo.actors import (actor_contexts, actor_country, actor_kind, country_subject, find_actors,
                        order_by_role, state_forces,
                        trie_regex)
from geo.mentions import FORCE_NAME_AFTER
from geo.model import DateMention, Document, Event, Mention
from geo.sentences import dateline_spans, split_paragraphs, split_sentences
from geo.triggers import Hit, Trigger, find_hits, load_triggers, lower_text

__all__ = ["Trigger", "extract_events", "load_triggers"]

#: Place kinds that are sites inside or near a town (they beat the town when tied to the trigger).
SITE_KINDS = frozenset({
    "airbase", "military_base", "airport", "oil_field", "gas_field", "mountain", "ridge", "dam",
    "bridge", "border_crossing", "junction", "road", "facility", "prison", "port", "neighbourhood",
})
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_REGION_KINDS = frozenset({"country", "admin1", "admin2", "region", "desert", "sea", "lake"})
_PART_KINDS = frozenset({"valley", "river", "district", "island"})

_PREPS = (
    r"on the outskirts of|the outskirts of|outskirts of|in the vicinity of|the vicinity of|"
    r"vicinity of|in the countryside of|countryside of|on the edge of|close to|near to|nearby|"
    r"near|around|outside|inside|into|within|throughout|across|along|through|onto|in|at|on|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? of|"
    r"(?:kilomet(?:er|re)s?|km|miles) (?:north |south |east |west )?(?:of|from)|"
    r"toward|towards|to|of|against|over|for|from|between|by|and"
)
_SKIP = (
    r"the|a|an|city|town|village|villages|province|governorate|region|district|area|areas|capital|"
    r"key|strategic|besieged|nearby|rebel-held|government-held|opposition-held|is-held|"
    r"militant-held|northern|southern|eastern|western|central|northeastern|northwestern|"
    r"southeastern|southwestern|north|south|east|west|part|parts|of|suburbs|suburb|outskirts|"
    r"countryside|vicinity|edge|centre|center|heart|rest|entire|whole|town's|city's|main|"
    r"oil-rich|embattled|restive|frontline|front-line|border|port|enclave|villages|towns|cities|"
    r"department|municipality|township|state|neighbourhood|neighborhood|settlement|rural|remote|"
    r"mountainous|small|residential|market|[\w-]+['’]s"
)
_CHAIN = re.compile(rf"\b(?:(?P<prep>{_PREPS})\s+)?(?P<chain>(?:(?:{_SKIP})\s+)*)$")
#: Every word ``_CHAIN`` can consume: a chain starts after the last word not in this set, so the
#: search skips the text before it (same match, a fraction of the work).
_CHAIN_WORDS = frozenset(
    [w for alt in f"{_PREPS}|{_SKIP}".split("|") if "(" not in alt and ")" not in alt
     for w in alt.split()]
    + ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
       "northern", "southern", "eastern", "western", "northeastern", "northwestern",
       "southeastern", "southwestern", "kilometer", "kilometre", "kilometers", "kilometres", "km",
       "miles"]
)
_POSSESSIVE = re.compile(r"[\w-]+['’]s")  # "in eastern Ukraine's Donetsk region"
_NEAR = re.compile(r"outskirts|countryside|vicinity|near|around|outside|suburb|close to|edge|"
                   r"(?:north|south|east|west)\w* of|kilomet|km|miles|environs")
_LOC = frozenset({"in", "at", "on", "onto", "inside", "into", "within", "throughout", "across",
                  "along", "through", "near", "nearby", "near to", "around", "outside", "close to"})
_OBJ = frozenset({"of", "to", "toward", "towards", "against", "for"})
#: Labels whose place must be introduced by a locative ("met in Sochi") or be the object
#: ("visited Damascus", "a visit to Damascus"): a place merely named nearby is the topic.
_LOCATIVE_ONLY = frozenset({"meeting", "statement", "agreement"})
_MIN_SCORE = 0.0
HISTORY_DAYS = 365  # an event dated this long before its article is history the article recalls
_SITE_TIES = frozenset({"through", "at", "around", "into", "inside", "in", "on", "near"})
_REMOVAL = ("oust", "driv", "drove", "expel", "dislodg", "push", "flush", "clear", "retreat",
            "withdr", "pull", "wiped", "evacuat")

_METONYM_AFTER = re.compile(
    r"(?:\s*,[^,]{1,40},)?\s+(?:(?:has|have|had|also|reportedly|officially|publicly|will|would|"
    r"formally|firmly|strongly|repeatedly)\s+)*(?:said|says|say|announced|announces|sent|sends|"
    r"reaffirmed|reaffirms|accused|accuses|denied|denies|warned|warns|urged|urges|condemned|"
    r"condemns|stated|states|claimed|claims|insisted|insists|believes|wants|supports|supported|"
    r"backed|backs|blamed|blames|responded|rejected|rejects|welcomed|welcomes|hopes|demanded|"
    r"demands|called|calls|vowed|vows|threatened|threatens|confirmed|confirms|reported|reports|"
    r"agreed|agrees|decided|decides|approved|approves|protested|summoned|recalled|pledged|"
    r"pledges|sanctioned|considers|considered|regards|views|argued|argues|noted|notes)\b")
#: After a place: it is the doer of an attack ("Kyiv has hit Russian refineries", "Tehran
#: launched missiles"), not where it happened.
_DOER_AFTER = re.compile(r"\s+(?:(?:has|have|had)\s+(?:\w+ly\s+|also\s+)?(?:hit|struck|attacked|"
                         r"targeted|launched|fired|shelled|bombed)|(?:also\s+)?(?:launched|fired|"
                         r"launches|fires))\b(?!\s+(?:by|at\s+by)\b)")
#: Before a place: it is the doer of the trigger before it ("the air strikes by India",
#: "attacks by Tehran").
_BY_BEFORE = re.compile(r"\bby\s+$")
_PRE_METONYM = re.compile(
    r"\b(?:alliance|relations?|ties|cooperation|co-operation|partnership|friendship|"
    r"rapprochement|dialogue|talks|deal|agreement|rift|tensions?|dispute|hostilit(?:y|ies)|"
    r"feud|standoff|summit|contacts?)\s+between\s+(?:[\w'’.-]+\s+){0,4}?(?:and\s+)?$")
#: Words that make a trigger after them future or intended ("will move to liberate").
_PLANNED_WORDS = (
    "will", "shall", "would", "going to", "plan to", "plans to", "planned to", "planning to",
    "plan is", "plans are", "aim to", "aims to", "aimed at", "aiming to", "intend to",
    "intends to", "intended to", "expected to", "set to", "about to", "ready to", "readying",
    "prepare to", "prepares to", "prepared to", "preparing to", "preparing for", "seek to",
    "seeks to", "seeking to", "sought to", "in order to", "so as to", "task", "goal", "objective",
    "yet to", "decided to", "decides to", "vowed to", "vows to", "threaten to", "threatens to",
    "threatened to", "promised to", "promises to", "proceed to", "proceeding to", "toward",
    "towards", "carry on with", "continue to", "could", "might", "hope to", "hopes to", "try to",
    "trying to", "attempt to", "bid to", "would have", "want to", "wants to", "called for",
    "plan for", "plans for", "plan of", "plans of", "once", "if", "unless", "until",
    "potential to", "hesitate to", "or face", "launch pad for", "launchpad for",
    "springboard for",
)
# One trie of literals (fast to scan) instead of an alternation tried word by word; only a
# yes/no is asked of it, so the order of the alternatives does not matter.
_PLANNED = re.compile(
    rf"\b(?:{trie_regex(_PLANNED_WORDS)}|urged .{{0,20}}to|discuss\w*)\b|'ll\b"
    r"|(?:will|would|could)\s+(?:now\s+|soon\s+)?(?:be\s+)?$")
_PLANNED_AFTER = re.compile(
    r"^(?:\s*[^,.;]{0,40}?)?\s+(?:would|will|could|wouldn't|won't|is expected|remains|must|"
    r"is planned|was planned|is scheduled|(?:have|has) been planned|"
    r"is (?:the|a|an|our) (?:goal|aim|objective|task|target))\b")
_NEGATED = re.compile(r"\b(?:not|no|never|n't|denied|denies|deny|without|failed to|fails to|"
                      r"fail to|unable to|instead of|rather than|nor)\s+(?:[\w'-]+\s+){0,2}$"
                      r"|\bprevent\w*\b[^.;]{0,40}\bfrom\s+$|\bden(?:y|ies|ied)\s+(?:that\s+)?[^.;]{0,40}$")
#: Labels where "to <verb>" without a past date in the sentence is a purpose, not a fact:
#: "will move to liberate", "to secure the return" (but "sent engineers to defuse mines" is done).
_PURPOSE_LABELS = frozenset({"capture", "advance", "siege_broken", "offensive", "clash", "siege"})
_ATTRIBUTIVE = re.compile(
    r"\s+(?!(?:and|or|in|on|at|to|of|from|for|with|by|near|city|province|governorate|"
    r"countryside|where|which|who|that|as|is|was|has|had|have|are|were|after|before|since|while|"
    r"through|into|during|under|over|the|a|an|but|amid|said|says|on|last|earlier|this)\b)[a-z]")
_CONTINUES = re.compile(
    # "Earlier, ...", but not "Earlier Israeli strikes targeted X" (strikes before this one)
    r"(?:earlier(?!\s+(?:[\w-]+\s+)?(?:strikes|airstrikes|attacks|raids|clashes|battles|"
    r"offensives|bombings))|later|meanwhile|on the same day|the same day|that same day|"
    r"that day|also on|the day before|at the same time|hours later|shortly (?:after|before)|"
    r"afterwards|then|in the meantime|minutes later|simultaneously|at the time)\b")
_FLED_TO = re.compile(r"\b(?:fled|flee|flees|fleeing|escaped|evacuated|sought refuge|"
                      r"took refuge)\b[^.;]{0,50}\b(?:to|into|in|across|towards?|through|via)"
                      r"\s+(?:the\s+)?$")
# A date that bounds a span dates no event: "attacked ships since November". (The date finder
# leaves these words out of a date's text, so they are looked for before it.)
_SPAN_BEFORE = re.compile(r"\b(?:since|until|till|from)\s+$")
#: ... and so does the start of a span told as a clause: "since the war began in October",
#: "since they deployed in late 2001".
_SINCE_BEGAN = re.compile(r"\bsince\s+(?:[\w'’-]+\s+){1,6}"
                          r"(?:(?:began|begun|started|erupted|broke\s+out)\s+(?:in\s+|on\s+)?"
                          r"|(?:in|on|during)\s+)$")  # also "since being ousted in 2016"
#: Words that count the dead and wounded: with a strike or shelling at the same place they are
#: its toll, not a clash or an attack on civilians of their own.
_TOLL_LABELS = frozenset({"clash", "attack_civilians"})
_TOLL = re.compile(r"kill|wound|injur|casualt|dead")
#: Before a trigger: a point of reference, not an event ("displaced since the start of the
#: campaign", "a town 70 kilometers (43 miles) away from the fighting").
_REFERENCE_POINT = re.compile(
    r"\bsince\s+(?:the\s+)?(?:start|beginning|launch|outbreak|onset|end)\s+of\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}$"
    r"|\b(?:kilomet(?:er|re)s?|km|miles)\b[^.;]{0,20}?\s+(?:away\s+)?from\s+(?:the\s+)?$"
    # "since Israel began its bombardment": the start of the span, told to date another event
    r"|\bsince\s+(?:[\w'’-]+\s+){0,3}(?:began|launched|started)\s+(?:its|their|his|the)\s+"
    r"(?:[\w'’-]+\s+){0,2}$")
#: A participle used as an adjective: "the liberated Mosul", "the free and liberated city".
_ATTRIBUTIVE_PARTICIPLE = re.compile(r"\b(?:the|a|an)\s+(?:[\w-]+\s+and\s+)?$")
#: A generic trigger with a definite article or demonstrative: an event told before ("condemned
#: the attack", "that attack", "the fifth attack").
_DEFINITE_BEFORE = re.compile(r"\b(?:the|that|this|these|those|such)\s+(?:[\w-]+\s+){0,2}$")
#: Before a trigger: a reaction to an event told before ("condemned the air strikes by India").
_CONDEMNED_BEFORE = re.compile(r"\b(?:condemn|denounc|decr[iy]|deplor|criticiz|criticis)\w*\s+"
                               r"(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}$")
#: Before a trigger: a name given to an event told before ("calling it a cowardly attack").
_CALLED_BEFORE = re.compile(r"\b(?:call(?:s|ed|ing)?|describ(?:es|ed|ing))\s+(?:it|them|this|that)"
                            r"\s+(?:as\s+)?(?:an?\s+)?[\"“']?(?:[\w-]+\s+){0,2}$")
#: Present perfect continuous with a duration: an ongoing state ("have been exchanging fire for
#: more than four months", "has been fighting the government since 1964").
_ONGOING = re.compile(
    r"\b(?:has|have)\s+been\s+\w+ing\b[^.;]{0,80}?\b(?:since\b|for\s+(?:more\s+than\s+|over\s+|"
    r"nearly\s+|almost\s+|about\s+|the\s+(?:past|last)\s+)?(?:[\w-]+\s+)?"
    r"(?:days|weeks|months|years|decades|a\s+(?:week|month|year|decade)))\b"
    r"|\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\s+)?(?:19|20)\d\d\b")
#: Words of aircraft: with them "a bombing" is from the air, else a planted bomb.
_AIRCRAFT = re.compile(r"\b(?:air|aerial|aircraft|airplanes?|planes?|jets?|warplanes?|"
                       r"helicopters?|gunships?|drones?|bombers?|f-\d+s?|sorties?|airforce)\b")
#: A distance right before a place: the place is a point of reference ("25km north of Y").
_DISTANCE_BEFORE = re.compile(r"\d\s*(?:km|kilomet(?:er|re)s?|miles?)\b[^.;,]{0,25}$")
#: Aircraft just before a missile: it was fired from the air ("a drone aircraft fired missiles").
_AIRCRAFT_BEFORE = re.compile(r"\b(?:drones?|aircraft|warplanes?|jets?|helicopters?|gunships?|"
                              r"planes?)\b[^.;,]{0,25}$")
_AIRSTRIKE = ("Explosions/Remote violence", "Air/drone strike", "airstrike")
#: A capitalised word before a trigger word written with a capital: a unit's name ("Royal Horse
#: Artillery"); `_LOWER_WORD` tells running text from a title-case headline.
_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+\b")
#: Before a place: where the casualties were taken ("transported to a hospital in X").
_TAKEN_TO = re.compile(r"\b(?:transported|taken|rushed|evacuated|brought|transferred|airlifted|"
                       r"admitted)\s+(?:to|into)\b[^.;,]{0,50}$")
#: Before a place: where a statement was made ("told reporters in Maputo that ..."), not where
#: the event it tells of happened.
_SPOKEN_AT = re.compile(r"\b(?:told|tells|telling|said|says|speaking|spoke|addressing|"
                        r"addressed)\s+(?:(?:reporters|journalists|the\s+press|the\s+media|"
                        r"a\s+(?:news|press)\s+conference|parliament|lawmakers)\s+)?"
                        r"(?:in|at|from)\s+(?:the\s+)?$")
#: Before a missile: it is what a strike was made with ("targeted a house with two missiles").
_WITH_BEFORE = re.compile(r"\bwith\s+(?:[\w-]+\s+){0,2}$")
#: Before a weapon: it was moved, not fired ("deployed helicopter gunships to the town").
_DEPLOYED_BEFORE = re.compile(r"\b(?:deploy(?:s|ed|ing)?|dispatch(?:es|ed|ing)?|sen[dt]s?|sending|"
                              r"mov(?:e|es|ed|ing)|brought\s+in|rushed)\s+"
                              r"(?:(?!to\b)[\w-]+\s+){0,2}$")
_INTERVENTION = re.compile(r"tear gas|teargas|dispers|rubber bullets|water cannon|baton|"
                           r"opened fire on (?:the )?(?:protesters|demonstrators|crowd)")
_DATE_WEIGHT = {1: 1.0, 2: 0.7, 3: 0.5, 4: 0.3}
# A date that dates the telling, not the event: "Lavrov told reporters on Wednesday".
_SPEECH_DATE = re.compile(r"\b(?:said|says|told|tells|announced|reported|stated|added|wrote|"
                          r"tweeted|confirmed|claimed)\b(?:\s+\w+){0,2}\s+(?:on\s+|late\s+|"
                          r"early\s+)?$")
#: Before a trigger: it is background, not news (past perfect, a biography).
_BACKGROUND_BEFORE = re.compile(
    r"\bhad\s+(?:(?:\w+ly|last|already|long|once|first|never|also|just|earlier)\s+){0,2}"
    r"(?:been\s+)?$"
    r"|\b(?:play(?:ed|s|ing)?\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,2}roles?\s+in|"
    r"credited\s+with|known\s+for|famous\s+for|renowned\s+for|remembered\s+for|"
    r"instrumental\s+in|veteran\s+of|hero\s+of)\s+(?:the\s+)?$")
#: A trigger named with "the"/"this" whose phrase is the subject of a cause: an event cited as
#: the reason for something ("The U.S. strike against ... helped Daesh expand").
_CITED_BEFORE = re.compile(
    r"(?:^|[\"“‘(]\s*|\b(?:the|this|that|its|their)\s+)(?:[\w.'’-]+\s+){0,2}$")
_CITED_AFTER = re.compile(
    r"^[^,;.\"“”]{0,80}?\b(?:helped|ensured|contributed|allowed|enabled|led\s+to|"
    r"paved\s+the\s+way|caused|resulted\s+in|prompted|made\s+it\s+possible|triggered|sparked)\b")
#: A verb in the past perfect ("had recaptured", "had already been taken").
_PAST_PERFECT = re.compile(r"\bhad\s+(?:(?:\w+ly|already|earlier|long|once|first|also|just)\s+)?"
                           r"(?:been\s+)?\w+(?:ed|en|ook|ought|ew|un|ung|ost|eld|ad)\b")
#: Reported speech in the past perfect: "the army said it had recaptured ..." is news.
_REPORTED_HAD = re.compile(
    r"\b(?:said|says|claimed|claims|announced|reported|stated|confirmed|added|"
    r"told\s+(?:[\w.'’-]+\s+){1,4}?that)\s+(?:that\s+)?"
    r"(?:[\w.'’-]+\s+){0,4}had\s+(?:(?:\w+ly|already|just|also)\s+)?(?:been\s+)?$")
#: Words one of which `_BACKGROUND_BEFORE` and `_CITED_AFTER` need (a cheap test first).
_BACKGROUND_HINT = re.compile(r"had|role|credited|known|famous|renowned|remembered|"
                              r"instrumental|veteran|hero")
_CAUSE_HINT = re.compile(r"helped|ensured|contributed|allowed|enabled|led|paved|caused|"
                         r"resulted|prompted|made|triggered|sparked")
#: A trigger in a supporting role of another event: "backed by Russian airstrikes".
_SUPPORTING = re.compile(
    r"\b(?:(?:backed|supported|aided|assisted|covered|helped)\s+by|with\s+the\s+(?:support|help|"
    r"backing|cover)\s+of|under\s+(?:the\s+)?cover\s+of)\s+(?:[\w.'’-]+\s+){0,3}$")
#: Between two places of a list: "X, Y and, lastly, Z", "X and the northern cities of Y".
_LIST_GAP = re.compile(
    r"(?:\s*,)?\s*(?:(?:and|or)\b\s*,?\s*)?(?:(?:lastly|finally|then|later|also|eventually)\s*,?\s*)?"
    r"(?:(?:the\s+)?(?:[\w-]+\s+)?(?:cities|towns|villages|city|town|village|areas?|districts?)"
    r"\s+of\s+)?(?:the\s+)?")
#: Right after a trigger, a place named by a description only: "recaptured the city".
_ANAPHOR = re.compile(
    r"[\"”’']?\s+(?:(?:of|on|in|at|against|into|near|around|across|outside|inside)\s+)?"
    r"(?:the|this|that)\s+(?:(?:besieged|embattled|key|strategic|northern|southern|eastern|"
    r"western|border|provincial|ancient|whole|entire|same)\s+)?"
    r"(?P<what>city|town|village|air\s*base|base|airport|province|country)\b(?!\s+of\b|['’]s)")
_ANAPHOR_KINDS = {"city": {"city"}, "town": {"city"}, "village": {"city"},
                  "airbase": {"airbase"}, "air base": {"airbase"},
                  "base": {"airbase", "military_base"}, "airport": {"airport", "airbase"},
                  "province": {"admin1"}, "country": {"country"}}
_ANAPHOR_REACH = 600  # characters looked back for the place a description refers to
#: Before "to retake", "to oust": the offensive or battle the taking is the aim of.
_FOR_OFFENSIVE = re.compile(
    r"\b(?:offensives?|operations?|campaigns?|assaults?|counter-?offensives?|drive|push|bid|"
    r"efforts?|attempts?|battl(?:e|es|ed|ing)|fight(?:s|ing)?|fought|launch(?:ed|es|ing)?)\b"
    r"[^.;:!?]{0,200}\bto $")
#: ... unless it was done: "managed to retake", "enabled the army to break the siege".
_ACHIEVED = re.compile(r"\b(?:managed|able|enabl\w*|allow\w*|help\w*|succeeded|forc\w*)\s+"
                       r"(?:[\w.'’-]+\s+){0,4}to $")
#: A future or a plan earlier in the sentence: an offensive still to come is no fighting yet.
_FUTURE_BEFORE = re.compile(r"\b(?:will|shall|would|'ll|going to|plans? to|intends? to|"
                            r"vowed to|aims? to)\b")
_OFFENSIVE = Trigger("offensive", "Battles", "Armed clash", 0.6, False, ())
_IED = Trigger("ied", "Explosions/Remote violence", "Remote explosive/landmine/IED", 0.6, False, ())
#: Labels whose place is where ground changed hands (a subtype by who took it).
_TAKEN_LABELS = frozenset({"capture", "siege_broken"})
#: Labels whose "of" after the trigger names the side that acted: "the advances of the army".
_INTRANSITIVE_LABELS = frozenset({"advance", "withdrawal", "offensive", "protest", "celebration"})
#: Aircraft named in a sentence: its "bombing" is from the air.
_AIRCRAFT = re.compile(r"\b(?:air|aerial|aircraft|warplanes?|jets?|planes?|helicopters?|drones?|"
                       r"bombers?|aviation|sorties?|airstrikes?)\b")
#: Kinds of actor with aircraft: their "bombing" is an air strike.
_AIR_POWERS = frozenset({"state", "international"})
#: A withdrawal under fire is part of a battle, not a handover.
_FORCED = re.compile(r"\b(?:forced|under\s+(?:heavy\s+)?(?:fire|pressure|attack|bombardment)|"
                     r"after\s+(?:heavy\s+|fierce\s+|days\s+of\s+)?(?:fighting|clashes|battles?)|"
                     r"fled|routed|driven\s+out|ousted|expelled|defeated)\b")


#: A place that names a war, talks, a policy or an outlet ("since the Gaza war began", "the
#: Syria talks", "the Ukraine envoy", "Syria TV said") is no place where an event of the
#: sentence happened.
_NAMES_OTHER_AFTER = re.compile(
    r"(?:\s+(?:war|wars|conflict|crisis|ceasefire|cease-fire|truce|peace|talks|negotiations|deal|"
    r"accord|file|question|issue|envoy|policy|news|tv|television|radio|times|tribune|herald|"
    r"gazette|spokesman|spokeswoman|spokesperson|ambassador|embassy)|-based)\b")
# ... or an outlet or a speaker's office ("Arakan News Agency reported", "US-based radio",
# "White House spokesman Sean Spicer said")


#: A place's possessor right before it: "in south Kashmir's Kulgam" is "in Kulgam".
#: After a place, what makes it its state: "Moscow's armed forces", "Washington's list".
_OWNED_AFTER = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:forces|troops|army|military|"
                          r"government|regime|allies|list|blacklist)\b")
_POSSESSOR_BEFORE = re.compile(r"(?<![\w'’-])[a-z][\w-]*['’]s\s+$")


class _Feat:
    """Context of one place mention, independent of the trigger. The preposition chain before
    it (``prep``, ``chain_lo``, ``near``) is worked out on first use: mentions used as actors
    or metonyms are dropped before it is needed."""

    __slots__ = ("_pre", "attributive", "chain_lo", "mention", "metonym", "near", "possessive",
                 "prep", "tied_to")

    def __init__(self, lower: str, s_lo: int, mention: Mention) -> None:
        pre = lower[max(s_lo, mention.start - 60):mention.start]
        post = lower[mention.end:mention.end + 60]
        self.mention = mention
        self.metonym = bool(_METONYM_AFTER.match(post) or _NAMES_OTHER_AFTER.match(post)
                            or _OWNED_AFTER.match(post) or _DOER_AFTER.match(post)
                            or (mention.place is not None and _BY_BEFORE.search(pre)
                                and mention.place.kind in ("country", "admin1", "city"))
                            or ("between" in pre and _PRE_METONYM.search(pre)))
        self.possessive = post.startswith(("'s ", "’s "))
        self.attributive = bool(_ATTRIBUTIVE.match(post))  # "the Deir al-Zour progress"
        self.tied_to = -1  # index of the trigger this place directly follows ("siege on X")
        self._pre = pre

    def __getattr__(self, name: str):
        """``prep``, ``chain_lo`` and ``near`` on first use (then plain attributes)."""
        if name not in ("prep", "chain_lo", "near"):
            raise AttributeError(name)
        pre, start = self._pre, self.mention.start
        owner = _POSSESSOR_BEFORE.search(pre)  # "in south Kashmir's Kulgam": in Kulgam
        head = pre[:owner.start()] if owner else pre
        m = _CHAIN.search(head, _chain_from(head))
        if m:
            self.prep = m.group("prep") or ""
            self.chain_lo = start - (len(pre) - m.start())
            self.near = bool(_NEAR.search(m.group()))
        else:
            self.prep, self.chain_lo, self.near = "", start, False
        return getattr(self, name)


def _chain_from(pre: str) -> int:
    """Where a `_CHAIN` match in ``pre`` can start at the earliest (a safe lower bound)."""
    words = pre.split()
    k = len(words)
    while k and (words[k - 1] in _CHAIN_WORDS or _POSSESSIVE.fullmatch(words[k - 1])):
        k -= 1
    # words[k - 1] is the last word the chain cannot consume whole (a match may still start
    # inside it, after a hyphen): search from the end of the word before it.
    return len(pre.rsplit(None, len(words) - k + 1)[0]) if k > 1 else 0


def _features(lower: str, s_lo: int, mention: Mention) -> _Feat:
    return _Feat(lower, s_lo, mention)


#: Between a place used as a descriptor and the place it describes: "the Gaza city of X".
_DESCRIBES = re.compile(r"\s+(?:port\s+|border\s+|capital\s+)?(?:city|town|village|camp)\s+of\s+")


#: Between a place and the country or region it lies in: "the X region in eastern Lebanon".
_IN_CONTAINER = re.compile(r",?\s+in\s+(?:the\s+)?(?:(?:north|south|east|west)(?:-?(?:east|west))?"
                           r"(?:ern)?\s+|central\s+)?")


def _contains(outer: Place, inner: Place) -> bool:
    """Is ``inner`` a part of ``outer``, a country or a first-level region?"""
    if outer.kind == "country":
        return inner.kind != "country" and inner.country == outer.country
    return (outer.kind == "admin1" and inner.kind != "admin1" and bool(inner.admin1)
            and outer.id.endswith(":" + inner.admin1))


def _without_descriptors(lower: str, feats: list[_Feat]) -> list[_Feat]:
    """Drop a place that only describes the next one ("in the southern Gaza city of X"): the
    described place takes its preposition chain. Drop the country or region a place is said
    to lie in ("the X region in eastern Lebanon"): the event is at the finer place."""
    dropped = set()
    for a, b in zip(feats, feats[1:]):
        if _DESCRIBES.fullmatch(lower, a.mention.end, b.mention.start):
            b.prep, b.chain_lo, b.near = a.prep, a.chain_lo, a.near
            dropped.add(id(a))
        elif (_IN_CONTAINER.fullmatch(lower, a.mention.end, b.mention.start)
              and _contains(b.mention.place, a.mention.place)):
            if not a.prep:
                a.prep = b.prep
            dropped.add(id(b))
    return [f for f in feats if id(f) not in dropped] if dropped else feats


def _place_score(hit: Hit, f: _Feat) -> float | None:
    """How likely the mention is where the trigger's event happened; None: it cannot be."""
    m = f.mention
    inside = hit.start <= m.start and m.end <= hit.end  # "the siege of X has been broken"
    after = inside or m.start >= hit.end
    gap = 0 if inside else m.start - hit.end if after else max(0, hit.start - m.end)
    # tied: nothing but the preposition chain between the trigger and the place
    tied = inside or (after and f.chain_lo - hit.end <= 1)
    if _TAKEN_TO.search(f._pre) or (hit.trigger.label in _TOLL_LABELS
                                     and _TOLL.match(hit.keyword) and "hospital" in m.text.lower()):
        return None  # "the wounded were taken to a hospital in X", "X Hospital is full of
        # wounded": where the casualties are, not where it happened
    if hit.trigger.label not in _LOCATIVE_ONLY and _SPOKEN_AT.search(f._pre):
        return None  # "told reporters in Maputo that the insurgents attacked": the speaker's
    if hit.trigger.label in _LOCATIVE_ONLY and (f.attributive or not (
            f.prep in _LOC or f.near or (tied and f.prep in ("", "to")))):
        return None
    s = 0.3 * (m.score if m.score > 0 else 0.5)
    prep = f.prep
    if prep in _LOC or f.near:
        s += 0.6
        if m.place.kind in SITE_KINDS and (prep in _SITE_TIES or f.near):
            s += 0.8
    elif prep in _OBJ:
        s += 0.6 if tied else 0.1
    elif prep == "from":
        s += 0.5 if hit.keyword.startswith(_REMOVAL) else -0.6
    elif tied and not prep:
        s += 0.7  # direct object: "captured Raqqa"
    if tied and m.place.kind in SITE_KINDS:
        s += 0.3
    if m.place.kind == "country":
        s -= 0.45
    elif m.place.kind in _REGION_KINDS:
        s -= 0.2
    if f.possessive:
        s -= 0.4
    if _DISTANCE_BEFORE.search(f._pre):
        s -= 0.4  # "in X, 25km north of Y": Y is a point of reference
    s -= 0.5 * min(gap, 200) / 200 + (0 if after else 0.1)
    return s


def _with_city_parts(mentions: list[Mention]) -> list[Mention]:
    """The resolved mentions, and each unresolved part of a city at its city ("the Tenek
    district of Mosul": Tenek at Mosul), in place of the city's name that follows it."""
    parts = [replace(m, place=m.within) for m in mentions if m.place is None and m.within]
    named_with_part = {(p.place.id, n.start) for p in parts for n in mentions
                       if n.place is not None and p.end < n.start <= p.end + _PART_OF_REACH}
    return sorted([m for m in mentions if m.place is not None
                   and (m.place.id, m.start) not in named_with_part] + parts,
                  key=lambda m: (m.start, m.end))


_PART_OF_REACH = 30  # "the Tenek district of the city of Mosul": its city is named this close


def _geo_precision(f: _Feat) -> int:
    if f.mention.within is not None:  # an unknown part of a city, placed at the city
        return 2
    kind = f.mention.place.kind
    if kind == "admin2":  # a county or district: part of a region
        return 2
    if kind in _REGION_KINDS:
        return 3
    if f.near or kind in _PART_KINDS:
        return 2
    return 1


def _best(hit: Hit, feats: list[_Feat], k: int = -1) -> tuple[_Feat, float] | None:
    best = None
    own = [f for f in feats if f.tied_to in (-1, k)]
    for f in own or feats:
        sc = _place_score(hit, f)
        if sc is not None and sc >= _MIN_SCORE and (best is None or sc > best[1]):
            best = (f, sc)
    return best


def _context_best(feats: list[_Feat]) -> _Feat | None:
    """The likeliest event place of a sentence without a trigger tie (for fallbacks)."""
    good = [f for f in feats if not f.metonym and f.prep != "from"
            and not _FLED_TO.search(f._pre)  # "soldiers fled across the river to Mae Sot"
            and not (f.attributive and f.mention.place.kind == "country")]  # "the U.S. military"
    if not good:
        return None
    return max(good, key=lambda f: (f.mention.place.kind not in _REGION_KINDS, f.prep in _LOC,
                                    f.mention.score, -f.mention.start))


#: An unnamed armed group as the subject right before a trigger: "separatist fighters said
#: they captured", "rebels loyal to X have seized" (not "was seized from rebels").
_NON_STATE_SUBJECT = re.compile(
    r"\b(?:rebels?|insurgents?|militants?|jihadists?|fighters|militiam[ae]n|militias?|"
    r"separatists?|guerrillas?|islamists?|gunmen)\b(?![^,;:.]*\b(?:was|were|been|being)\s+"
    r"(?:\w+ly\s+)?$)[^,;:.]*$")


#: Between a generic attack and the weapon it was made with: "attacked the port with rockets".
_WITH_WEAPON = re.compile(r"[^.;]{0,60}\bwith\s+(?:[\w-]+\s+){0,3}")


def _with_weapons(lower: str, hits: list[Hit]) -> list[Hit]:
    """A generic attack made with a weapon is that weapon's event: "a rocket attack", "attacked
    the town with Katyusha rockets" are shelling, one event each, not also an armed clash."""
    out: list[Hit] = []
    k = 0
    while k < len(hits):
        hit, nxt = hits[k], hits[k + 1] if k + 1 < len(hits) else None
        remote = nxt is not None and not nxt.trigger.generic and (
            nxt.trigger.event_type == "Explosions/Remote violence")
        if (remote and hit.trigger.generic and hit.trigger.label == "clash"
                and _WITH_WEAPON.fullmatch(lower, hit.end, nxt.start)):
            out.append(Hit(hit.start, hit.end, nxt.trigger, hit.keyword))
            k += 2
        elif (nxt is not None and nxt.trigger.generic and nxt.trigger.label == "clash"
              and not hit.trigger.generic
              and hit.trigger.event_type == "Explosions/Remote violence"
              and not lower[hit.end:nxt.start].strip()):
            out.append(Hit(hit.start, nxt.end, hit.trigger, hit.keyword))
            k += 2
        else:
            out.append(hit)
            k += 1
    return out


def _capture_subtype(names: tuple[str, ...], country: str, before: str = "") -> str:
    """Who took the ground, by the kind of the side that acted (a clash when it is not named).
    With no side named, an armed group as the subject in the lower-case words ``before`` the
    trigger ("rebels have seized") is a non-state actor.

    ACLED's "Non-state actor overtakes territory" is also for "a foreign state actor": a state's
    forces taking ground in another state's ``country`` ("Ukrainian troops took Sudzha") are not
    a government regaining its territory.
    """
    kind = actor_kind(names[0]) if names else ""
    if kind in ("state", "international"):
        home = actor_country(names[0])
        if home and country and home != country:
            return "Non-state actor overtakes territory"
        return "Government regains territory"
    if kind in ("rebel", "militia") or not names and _NON_STATE_SUBJECT.search(before):
        return "Non-state actor overtakes territory"
    return "Armed clash"


_QUOTE = re.compile(r"[“\"][^“”\"]{3,}[”\"]")


def _quoted(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of quoted words in ``text[lo:hi]``."""
    return [m.span() for m in _QUOTE.finditer(text, lo, hi)]


def _without_strike_tolls(lower: str, hits: list[Hit]) -> list[Hit]:
    """Hits in text order, less the dead counted right after a strike ("an Israeli strike has
    killed nine in X"): they are its toll, and the strike's clause runs on to the place."""
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: h.start):
        prev = out[-1] if out else None
        if (prev is not None and prev.trigger.event_type == "Explosions/Remote violence"
                and h.trigger.label in _TOLL_LABELS and _TOLL.match(h.keyword)
                and h.start - prev.end <= 40 and not _TOLL_BREAK.search(lower, prev.end, h.start)):
            continue
        out.append(h)
    return out


_TOLL_BREAK = re.compile(r"[.;:!?]|\b(?:and|but|while|as|after|before|when)\b")


def _listed(lower: str, chosen: _Feat, feats: list[_Feat]) -> list[_Feat]:
    """The chosen place and the places listed with it ("took X, Y and Z"): one event each."""
    ordered = sorted(feats, key=lambda f: f.mention.start)
    k = next((j for j, f in enumerate(ordered) if f is chosen), None)
    if k is None:
        return [chosen]

    def joined(a: _Feat, b: _Feat) -> bool:
        gap = lower[a.mention.end:b.mention.start]
        return (bool(_LIST_GAP.fullmatch(gap)) and ("," in gap or " and " in f" {gap} "
                                                     or " or " in f" {gap} ")
                and (b.mention.place.kind == chosen.mention.place.kind
                     or b.mention.place.kind not in _REGION_KINDS))

    lo = hi = k
    while lo > 0 and joined(ordered[lo - 1], ordered[lo]):
        lo -= 1
    while hi + 1 < len(ordered) and joined(ordered[hi], ordered[hi + 1]):
        hi += 1
    head = ordered[lo]  # the list must be where the event happened: "in X, Y and Z", "took X, Y"
    if not (head.prep in _LOC or head.prep in _OBJ or head.prep == "from" or head.near
            or head.tied_to >= 0):
        return [chosen]
    return [chosen] + [f for f in ordered[lo:hi + 1] if f is not chosen]


def _event_id(doc_id: str, start: int, event_type: str, sub_event_type: str, label: str,
              place_id: str) -> str:
    key = "\x1f".join((doc_id, str(start), event_type, sub_event_type, label, place_id))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def extract_events(doc: Document, mentions: list[Mention], dates: list[DateMention], *,
                   include_planned: bool = False) -> list[Event]:
    """Every event the document reports, each at the place where it happened.

    Parameters
    ----------
    doc : Document
        The article; only its ``body`` spans are read (the whole text when ``body`` is empty).
    mentions : list of Mention
        Place mentions of this document; unresolved ones (``place is None``) are ignored,
        except parts of a city (``within``), which stand for their city.
    dates : list of DateMention
        Date expressions of this document, resolved against the publication date.
    include_planned : bool, default False
        Also return future or intended events ("will move to liberate"), with ``notes``
        flag ``planned`` and a confidence of at most 0.2.

    Returns
    -------
    list of Event
        In text order; one per (sentence, label, place). Same input, same ids.
    """
    text = doc.text
    spans = tuple(doc.body) or ((0, len(text)),)
    lower = lower_text(text)
    hits = find_hits(lower, spans)
    if not hits:
        return []
    paragraphs = split_paragraphs(text, spans)
    sentences = split_sentences(text, spans, paragraphs=paragraphs)
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[Hit]] = {}
    for h in hits:
        i = bisect.bisect_right(starts, h.start) - 1
        if i >= 0 and h.start < sentences[i][1]:
            by_sentence.setdefault(i, []).append(h)
    places = _with_city_parts(mentions)
    place_starts = [m.start for m in places]
    datelines = dateline_spans(text)
    eligible_dates = sorted((d for d in dates
                             if not _SPAN_BEFORE.search(lower, max(0, d.start - 8), d.start)
                             and not _SINCE_BEGAN.search(lower, max(0, d.start - 60), d.start)
                             and not any(a <= d.start and d.end <= b for a, b in datelines)),
                            key=lambda d: d.start)
    date_starts = [d.start for d in eligible_dates]
    ctx = _Context(doc, lower, sentences, paragraphs, places, place_starts, eligible_dates,
                   date_starts, include_planned)

    title_idx = ctx.title_index()
    title_events: dict[str, tuple[_Feat, float]] = {}
    out: list[Event] = []
    order = sorted(by_sentence, key=lambda i: (i != title_idx, i))
    for i in order:
        events = ctx.sentence_events(i, by_sentence[i], title_events)
        if i == title_idx:
            for ev, feat in events:
                title_events.setdefault(ev.label, (feat, ev.confidence))
        out.extend(ev for ev, _ in events)
    return sorted(out, key=lambda e: (_sentence_of(e, ctx), e.notes, e.event_id))


#: "The group", "the rebels", "the al-Qaeda-linked militant group": an armed group named before.
_GROUP_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:armed|militant|rebel|jihadist|insurgent|extremist|terrorist|guerrilla|"
    r"[Ii]slamist|Marxist|separatist|paramilitary|[\w-]+-(?:linked|backed|aligned|affiliated))"
    r"\s+){0,2}(?:group|rebels|militants|insurgents|guerrillas|jihadists|militia)\b"
    r"(?!\s+of\b|-)")
_GROUP_REACH = 1500  # characters looked back for the group "the group" refers to


def _with_referred_groups(text: str, lo: int, hi: int, actors: list) -> list:
    """The sentence's actors, with "the group" standing for the armed group last named before
    it ("... the ELN. The group ambushed a patrol"), when the sentence does not name one."""
    if not _GROUP_ANAPHOR.search(text, lo, hi) or any(
            actor_kind(n) in ("rebel", "militia") for _, _, n in actors):
        return actors
    start = max(0, lo - _GROUP_REACH)
    named = [n for _, _, n in find_actors(text[start:lo]) if actor_kind(n) in ("rebel", "militia")]
    if not named:
        return actors
    out = list(actors)
    for m in _GROUP_ANAPHOR.finditer(text, lo, hi):
        if not any(a < m.end() and m.start() < b for a, b, _ in actors):
            out.append((m.start(), m.end(), named[-1]))
    return sorted(out)


def _sentence_of(ev: Event, ctx: _Context) -> int:
    return ctx.sentence_pos.get(ev.event_id, 0)


_LEAD_PARAGRAPHS = 3  # the title line and the first two paragraphs of the story


class _Context:
    """Per-document lookups shared by the sentences."""

    def __init__(self, doc, lower, sentences, paragraphs, places, place_starts, dates,
                 date_starts, include_planned):
        self.doc, self.lower, self.sentences, self.paragraphs = doc, lower, sentences, paragraphs
        self.places, self.place_starts = places, place_starts
        self.dates, self.date_starts = dates, date_starts
        self.include_planned = include_planned
        self.sentence_pos: dict[str, int] = {}
        self._feats: dict[int, list[_Feat]] = {}
        self._para_starts = [p for p, _ in paragraphs]
        self._datelines: list[tuple[int, int]] | None = None
        #: Date (date, precision, text, reported) of the last event told of each label.
        self.told_before: dict[str, tuple] = {}
        #: Type and label of the last strike or shelling told, which "the attack" after it is.
        self.last_remote: tuple[str, str, str] | None = None

    def title_index(self) -> int | None:
        if not self.sentences:
            return None
        title = " ".join(self.doc.title.split())
        if title:
            pos = self.doc.text.find(title[:60], 0, 2000)
            if pos >= 0:
                for i, (lo, hi) in enumerate(self.sentences):
                    if lo <= pos < hi:
                        return i
            return None
        lo, hi = self.sentences[0]
        if (lo, hi) in self.paragraphs and hi - lo < 160 and self.doc.text[hi - 1] not in ".!?\"”":
            return 0
        return None

    def feats(self, i: int) -> list[_Feat]:
        if i not in self._feats:
            lo, hi = self.sentences[i]
            a = bisect.bisect_left(self.place_starts, lo)
            b = bisect.bisect_left(self.place_starts, hi)
            feats = [_features(self.lower, lo, m) for m in self.places[a:b] if m.end <= hi]
            feats = _without_descriptors(self.lower, feats)
            filed = [f for f in feats if self.in_dateline(f.mention)]
            if filed and len(filed) < len(feats):  # the dateline's place only when alone
                feats = [f for f in feats if f not in filed]
            self._feats[i] = feats
        return self._feats[i]

    def in_dateline(self, m: Mention) -> bool:
        """Is the mention part of a wire dateline ("MOSCOW, Russia (AFP) —")?"""
        if self._datelines is None:
            self._datelines = dateline_spans(self.doc.text)
        return any(a <= m.start and m.end <= b for a, b in self._datelines)

    def paragraph(self, pos: int) -> tuple[int, int]:
        j = bisect.bisect_right(self._para_starts, pos) - 1
        return self.paragraphs[max(j, 0)]

    def sentence_events(self, i: int, hits: list[Hit], title_events) -> list[tuple[Event, _Feat]]:
        lo, hi = self.sentences[i]
        text, lower = self.doc.text, self.lower
        sentence = text[lo:hi]
        a = bisect.bisect_left(self.date_starts, lo)
        b = bisect.bisect_left(self.date_starts, hi)
        sent_dates = self.dates[a:b]
        kept, planned_hits = [], set()
        for hit in _without_strike_tolls(lower, _with_weapons(lower, hits)):
            if (_NEGATED.search(lower, max(lo, hit.start - 60), hit.start)
                    or _CALLED_BEFORE.search(lower, max(lo, hit.start - 50), hit.start)):
                continue
            if (_REFERENCE_POINT.search(lower, max(lo, hit.start - 60), hit.start)
                    or hit.trigger.label == "offensive" and lower.endswith("since the ", lo,
                                                                            hit.start)):
                continue  # "since the start of the campaign", "70 km from the fighting"
            if (hit.trigger.label in _TAKEN_LABELS and hit.keyword.endswith("ed")
                    and _ATTRIBUTIVE_PARTICIPLE.search(lower, max(lo, hit.start - 30), hit.start)):
                continue  # "the free and liberated city": a description, not an event
            if (hit.trigger.event_type == "Explosions/Remote violence"
                    and _DEPLOYED_BEFORE.search(lower, max(lo, hit.start - 40), hit.start)):
                continue  # "deployed helicopter gunships to the town": a deployment, no strike
            if (text[hit.start].isupper() and _NAME_BEFORE.search(text, max(lo, hit.start - 30),
                                                                   hit.start)
                    and len(_LOWER_WORD.findall(sentence)) > 3):
                continue  # "of the Royal Horse Artillery": a unit's name in running text
            if len(hits) > 1 and _SUPPORTING.search(lower, max(lo, hit.start - 60), hit.start):
                continue  # "recaptured the city, backed by airstrikes": one event, the capture
            if (hit.trigger.label in _TAKEN_LABELS and lower.endswith("to ", lo, hit.start)
                    and _FOR_OFFENSIVE.search(lower, max(lo, hit.start - 230), hit.start)
                    and not _ACHIEVED.search(lower, max(lo, hit.start - 60), hit.start)):
                # "the offensive to retake Mosul began": the fighting, not yet the ground taken
                if _FUTURE_BEFORE.search(lower, max(lo, hit.start - 230), hit.start):
                    if self.include_planned:  # "will proceed to drive out IS ... to dislodge"
                        planned_hits.add(hit.start)
                        kept.append(hit)
                    continue
                if not any(h.trigger.label == "offensive" for h in hits):
                    kept.append(Hit(hit.start, hit.end, _OFFENSIVE, hit.keyword))
                continue
            if (_PLANNED.search(lower, max(lo, hit.start - 45), hit.start)
                    or _PLANNED_AFTER.match(lower[hit.end:hit.end + 60])
                    or (hit.trigger.label in _PURPOSE_LABELS
                        and lower.endswith("to ", lo, hit.start) and not sent_dates)):
                if not self.include_planned:
                    continue
                planned_hits.add(hit.start)
            kept.append(hit)
        if not kept:  # every trigger negated or planned: no need for actors and places
            return []
        hits = kept
        actors = [(a + lo, b + lo, n) for a, b, n in find_actors(sentence)]
        actors = _with_referred_groups(text, lo, hi, actors)
        actors = sorted(actors + self.country_doers(i, hits, actors))
        contexts = actor_contexts(text, actors, lo)
        feats = [f for f in self.feats(i) if not f.metonym
                 and not FORCE_NAME_AFTER.match(text, f.mention.end)  # "the Assam Rifles"
                 and not any(a < f.mention.end and f.mention.start < b for a, b, _ in actors)]
        labels = [h.trigger.label for h in hits]
        for f in feats:
            f.tied_to = next((j for j, h in enumerate(hits)
                              if h.end <= f.chain_lo <= h.end + 1), -1)
        found: list[tuple[Event, _Feat, bool]] = []
        evidence = " ".join(sentence.split())
        for k, hit in enumerate(hits):
            trig = hit.trigger
            planned = hit.start in planned_hits
            s_lo = hits[k - 1].end if k else lo
            s_hi = hits[k + 1].start if k + 1 < len(hits) else hi
            flags = []
            scoped = [f for f in feats if s_lo <= f.mention.start and f.mention.end <= s_hi]
            if trig.label in _LOCATIVE_ONLY:
                # A statement is made where its speaker is, not where the quoted words are.
                quotes = [(a, b) for a, b in _quoted(text, lo, hi) if not a < hit.start < b]
                scoped = [f for f in scoped if not any(a < f.mention.start < b for a, b in quotes)]
            choice = _best(hit, scoped, k)
            factor = 1.0
            listed = choice is not None
            anaphor = trig.label not in _LOCATIVE_ONLY and _ANAPHOR.match(lower, hit.end)
            if anaphor and (choice is None or choice[0].tied_to != k):
                referred = self.referred_place(i, anaphor.group("what"))
                if referred is not None:
                    choice, flags, factor = (referred, 0.5), ["place from context"], 0.85
                    listed = False
            if choice is None:
                if labels.count(trig.label) > 1 or trig.label in _LOCATIVE_ONLY:
                    continue
                choice = _best(hit, feats, k)
                flags, factor = ["place from sentence"], 0.9
            toll = trig.label in _TOLL_LABELS and _TOLL.match(hit.keyword) is not None
            condemned = _CONDEMNED_BEFORE.search(lower, max(lo, hit.start - 50), hit.start)
            if ((trig.generic or condemned)
                    and _DEFINITE_BEFORE.search(lower, max(lo, hit.start - 40), hit.start)):
                # "condemned the attack", "that attack hit ...": an event told before, unless
                # its own place follows ("the attack on X")
                if choice is None or flags or not (
                        hit.end <= choice[0].mention.start < s_hi):
                    continue
            if choice is None and trig.label not in _LOCATIVE_ONLY and not toll:
                # the dead and wounded are counted where the sentence says, else they are the
                # toll of an event told nearby
                near = self.neighbour_place(i, any(d.precision <= 2 for d in sent_dates))
                if near is not None:
                    choice, flags, factor = (near, 0.3), ["place from context"], 0.7
            if (choice is None and trig.label in title_events and trig.label not in _LOCATIVE_ONLY
                    and not toll):
                feat, _ = title_events[trig.label]
                choice, flags, factor = (feat, 0.3), ["place from title"], 0.6
            if choice is None:
                continue
            feat, score = choice
            date, precision, date_text, reported, own = self.pick_date(i, hit, hits, k, sent_dates)
            if self.background(lo, hit) or (not own and _ONGOING.search(lower, lo, hi)):
                if not own:
                    continue  # a past event cited without its date: not news of this week
                flags.append("background")
                factor *= 0.7
            if reported:
                flags.insert(0, "reported")
            pub = self.doc.published
            if date is not None and pub is not None and (pub - date).days > HISTORY_DAYS:
                continue  # "the protests of 2011", "had last met in Moscow in October 2015":
                # history the article recalls, not its news
            if date is not None and pub is not None and date > pub and precision == 1:
                planned = True
                if not self.include_planned:
                    continue
            actor_names = order_by_role(text, actors, hit.start, hit.start + len(hit.keyword),
                                        hit.end, lo=lo,
                                        genitive_agent=trig.label in _INTRANSITIVE_LABELS,
                                        contexts=contexts)
            if trig.label == "capture" and hit.keyword.endswith(" to"):
                # "the city fell to the militants": the taker is named after the trigger
                taker = [n for a, _, n in actors if hit.end <= a < hi]
                actor_names = tuple(dict.fromkeys([*taker, *actor_names]))
            event_type, sub, label = trig.event_type, trig.sub_event_type, trig.label
            if (label == "airstrike" and hit.keyword.startswith("bombing")
                    and not _AIRCRAFT.search(lower, lo, hi)):
                # "killed in a bombing in east Baghdad": no aircraft told, a planted bomb
                event_type, sub, label = _IED.event_type, _IED.sub_event_type, _IED.label
            if (label == "missile" and _AIRCRAFT_BEFORE.search(lower, max(lo, hit.start - 40),
                                                                 hit.start)
                    or label in ("attack_civilians", "looting", "clash")
                    and actor_names and actor_names[0].endswith(": Air Force")):
                # "a drone fired missiles", "Israeli aircraft demolished a house, killing seven"
                event_type, sub, label = _AIRSTRIKE
                toll = False
            if (trig.generic and trig.label == "clash"
                    and hit.keyword in ("attack", "attacks", "raid", "raids") and self.last_remote
                    and _DEFINITE_BEFORE.search(lower, max(lo, hit.start - 40), hit.start)):
                event_type, sub, label = self.last_remote  # "the attack" after a strike told
            if (label == "airstrike" and hit.keyword.startswith("bomb")
                    and not _AIRCRAFT.search(lower, lo, hi)
                    and actor_kind(actor_names[0] if actor_names else "") not in _AIR_POWERS):
                # "a bombing injured two soldiers", "IS bombed a bridge": no aircraft, no air force
                sub, label = "Remote explosive/landmine/IED", "ied"
            if trig.label in _TAKEN_LABELS:
                sub = _capture_subtype(actor_names, feat.mention.place.country,
                                       lower[max(lo, hit.start - 100):hit.start])
            elif trig.label == "withdrawal" and (_FORCED.search(lower, lo, hi) or any(
                    h.trigger.event_type == "Battles" and h.trigger.label != "withdrawal"
                    for h in hits)):
                event_type, sub = "Battles", "Armed clash"
            elif trig.label == "protest" and (_INTERVENTION.search(lower, lo, hi) or any(
                    n.startswith("Police Forces") for _, _, n in actors)):
                sub = "Protest with intervention"
            gap = (feat.mention.start - hit.end if feat.mention.start >= hit.end
                   else hit.start - feat.mention.end)
            conf = (0.45 * trig.strength + 0.25 * max(0.0, min(1.0, score / 1.2))
                    + 0.2 * (0.3 if reported else _DATE_WEIGHT.get(precision, 0.3))
                    + 0.1 * (1 - min(max(gap, 0), 300) / 300)) * factor
            if planned:
                flags.append("planned")
                conf = min(conf, 0.2)
            places = ([feat] if not listed or trig.label in _LOCATIVE_ONLY
                      else _listed(lower, feat, feats))
            for f in places:
                ev = Event(
                    event_id=_event_id(self.doc.id, lo, event_type, sub, label,
                                       f.mention.place.id),
                    date=date, time_precision=precision, date_text=date_text,
                    event_type=event_type, sub_event_type=sub,
                    actors=actor_names,
                    place=f.mention.place, place_text=f.mention.text,
                    geo_precision=_geo_precision(f), sentence=evidence,
                    doc_ids=(self.doc.id,), sources=(self.doc.source,) if self.doc.source else (),
                    confidence=round(max(0.01, min(conf, 0.99)), 3),
                    titles=(self.doc.title,) if self.doc.title else (),
                    urls=(self.doc.url,) if self.doc.url else (),
                    notes="; ".join([label, *flags]), mentions=(f.mention,),
                )
                munition = (trig.label == "missile"
                            and _WITH_BEFORE.search(lower, max(lo, hit.start - 30), hit.start))
                found.append((ev, f, trig.generic, toll, bool(munition)))
        return [(ev, f) for ev, f in self._dedupe(found, i)]

    def country_doers(self, i: int, hits: list[Hit], actors: list) -> list:
        """Countries named as the doer of a violent trigger ("Israel struck", "Russia launched
        missiles"), as their state's forces."""
        lo = self.sentences[i][0]
        out = []
        for f in self.feats(i):
            m = f.mention
            if m.place.kind != "country" or any(a < m.end and m.start < b for a, b, _ in actors):
                continue
            forces = state_forces(m.place.country)
            if forces and any(h.trigger.event_type in _VIOLENT_TYPES
                              and country_subject(self.doc.text, lo, m.start, m.end, h.start)
                              for h in hits):
                out.append((m.start, m.end, forces))
        return out

    def _dedupe(self, found, i):
        # "killed in an Israeli strike on X": the dead are the strike's toll, not another event
        struck = {ev.place.id for ev, *_ in found if ev.event_type == "Explosions/Remote violence"}
        # ... and so are those counted beside a point of reference ("25km north of X, killing")
        found = [x for x in found if not (x[3] and (x[0].place.id in struck
                                                    or struck and x[1].near))]
        if any(not generic for _, _, generic, *_ in found):
            found = [x for x in found if not x[2]]
        labels = {ev.label for ev, *_ in found}
        strong = bool(labels & {"capture", "siege_broken"})
        violent = bool(labels & {"riot", "violent_protest"})  # "protesters attacked embassies"
        # "a drone attack set fire to an oil depot" is the strike, not also looting
        remote = any(ev.event_type == "Explosions/Remote violence" for ev, *_ in found)
        # "clearing the town of explosive devices": the devices are cleared, none went off
        if labels & {"demining", "foiled"}:  # "foiled a bomb attack": none went off either
            found = [x for x in found if x[0].label not in ("ied", "suicide_bomb")]
        # "a drone targeted a house in X with two missiles": the missiles are the strike's
        air = {ev.place.id for ev, *_ in found if ev.sub_event_type == "Air/drone strike"}
        found = [x for x in found if not (x[4] and x[0].place.id in air)]
        best: dict[tuple[str, str, str], tuple[Event, _Feat]] = {}
        for ev, feat, *_ in found:
            label = ev.label
            if (strong and label in ("advance", "clash", "withdrawal", "siege")
                    or violent and label == "protest" or remote and label == "looting"):
                continue
            key = (ev.event_type, ev.sub_event_type, ev.place.id)
            if key not in best or ev.confidence > best[key][0].confidence:
                best[key] = (ev, feat)
        out = []
        for ev, feat in best.values():
            self.sentence_pos[ev.event_id] = i
            out.append((ev, feat))
            self.told_before[ev.label] = (ev.date, ev.time_precision, ev.date_text,
                                          "reported" in ev.notes)
            if ev.event_type == "Explosions/Remote violence":
                self.last_remote = (ev.event_type, ev.sub_event_type, ev.label)
        return out

    def neighbour_place(self, i: int, dated: bool = False) -> _Feat | None:
        """The place of a neighbouring sentence of the paragraph; for a lead sentence dated to
        the day that names none ("clashed on Monday off a key southern city"), that of the
        next paragraph's first."""
        plo, phi = self.paragraph(self.sentences[i][0])
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.sentences) and plo <= self.sentences[j][0] < phi:
                f = _context_best(self.feats(j))
                if f is not None:
                    return f
        lead = bisect.bisect_right(self._para_starts, plo) <= _LEAD_PARAGRAPHS
        if dated and lead and i + 1 < len(self.sentences) and self.sentences[i + 1][0] >= phi:
            return _context_best(self.feats(i + 1))
        return None

    def pick_date(self, i, hit, hits, k, sent_dates):
        lo, _ = self.sentences[i]
        if sent_dates:
            s_lo = hits[k - 1].end if k else lo
            s_hi = hits[k + 1].start if k + 1 < len(hits) else self.sentences[i][1]
            scoped = [d for d in sent_dates if s_lo <= d.start < s_hi]
            news = [d for d in scoped if not self.told(lo, d)]
            scoped = news or scoped  # "killed on Tuesday, the ministry said on Thursday"
            scoped = (scoped or [d for d in sent_dates if d.end <= hits[0].start]
                      or [d for d in sent_dates  # "Shelling of Kharkiv killed two on Sunday."
                          if not _SPEECH_DATE.search(self.lower, max(lo, d.start - 40), d.start)])
            if scoped:
                d = min(scoped, key=lambda d: (abs((d.start + d.end) / 2 - hit.start), d.start))
                return d.date, d.precision, d.text, False, True
        j = bisect.bisect_left(self.date_starts, lo) - 1
        while j > 0 and self.told(0, self.dates[j]):
            j -= 1  # the day a statement was made dates no event of the next sentence
        told = self.told_before.get(hit.trigger.label)
        if told is not None and _DEFINITE_BEFORE.search(self.lower, max(lo, hit.start - 40),
                                                        hit.start):
            return (*told, False)  # "The drone strike took place in X": the one told before
        if j >= 0:
            prev = self.dates[j]
            plo, _ = self.paragraph(lo)
            # a year ("in 2006", "10 years ago") dates its own sentence only; a date of
            # background ("had recaptured X in March") dates nothing after it
            if (prev.precision < 4 and (prev.start >= plo or _CONTINUES.match(self.lower, lo))
                    and not self.past_perfect(prev)):
                return prev.date, prev.precision, prev.text, False, False
        return self.doc.published, 2, "", True, False

    def past_perfect(self, d: DateMention) -> bool:
        """Is the date's sentence told in the past perfect, not as reported speech?"""
        k = bisect.bisect_right([a for a, _ in self.sentences], d.start) - 1
        lo = self.sentences[max(k, 0)][0]
        m = _PAST_PERFECT.search(self.lower, lo, d.start)
        return bool(m) and not _REPORTED_HAD.search(self.lower, max(lo, m.end() - 90), m.end())

    def told(self, lo: int, d: DateMention) -> bool:
        """Does the date date a telling ("the ministry said late Thursday")?"""
        return bool(_SPEECH_DATE.search(self.lower, max(lo, d.start - 40), d.start))

    def background(self, lo: int, hit: Hit) -> bool:
        """Is the trigger background (past perfect, a biography, an event cited as a cause)?"""
        lower = self.lower
        a = max(lo, hit.start - 60)
        if (_BACKGROUND_HINT.search(lower, a, hit.start)
                and _BACKGROUND_BEFORE.search(lower, a, hit.start)):
            # "The RSF said it had taken control of ..." is reported news, not background
            return not _REPORTED_HAD.search(lower, max(lo, hit.start - 90), hit.start)
        return bool(_CAUSE_HINT.search(lower, hit.end, hit.end + 100)
                    and _CITED_BEFORE.search(lower, max(lo, hit.start - 30), hit.start)
                    and _CITED_AFTER.match(lower[hit.end:hit.end + 100]))

    def referred_place(self, i: int, what: str) -> _Feat | None:
        """The place a description ("the city") refers to: the last place of that kind named
        in the preceding sentences, at most `_ANAPHOR_REACH` characters back."""
        kinds = _ANAPHOR_KINDS.get(" ".join(what.split()), set())
        lo = self.sentences[i][0]
        a = bisect.bisect_left(self.place_starts, max(0, lo - _ANAPHOR_REACH))
        b = bisect.bisect_left(self.place_starts, lo)
        for m in reversed(self.places[a:b]):
            if m.place.kind in kinds:
                f = _features(self.lower, max(0, m.start - 60), m)
                if not f.metonym:
                    return f
        return None
