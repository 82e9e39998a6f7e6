"""Date expressions: absolute, relative, tense, precision, and the sample corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.dates import (
    find_dates,
    infer_publication_date,
    is_date_line,
    parse_date,
    publication_date_from_text,
)
from geo.ingest import read_documents

D = dt.date
SAMPLE = Path(__file__).resolve().parents[1] / "geo" / "data" / "sample" / "deir-ez-zor-2017"
WED = D(2017, 9, 13)  # a Wednesday


@pytest.fixture(scope="module")
def sample():
    docs, _ = read_documents([SAMPLE])
    return {d.id[:3]: d for d in docs}


def _at(doc, phrase, occurrence=0):
    """The date mention inside ``phrase`` (its ``occurrence``-th appearance in the text)."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = doc.text.index(phrase, pos + 1)
    found = [m for m in find_dates(doc.text, doc.published, doc_id=doc.id, spans=doc.body)
             if pos <= m.start and m.end <= pos + len(phrase)]
    assert len(found) == 1, (phrase, found)
    m = found[0]
    assert doc.text[m.start:m.end] == m.text and m.doc_id == doc.id
    return m.date, m.precision


def one(text, published=WED):
    found = find_dates(text, published)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m.date, m.precision


# -- the sample corpus ------------------------------------------------------------------------

@pytest.mark.parametrize(("doc", "phrase", "occurrence", "expected"), [
    ("000", "al-Assad on Tuesday", 0, (D(2017, 9, 12), 1)),
    ("000", "On Saturday", 0, (D(2017, 9, 9), 1)),
    ("000", "eastern Syria last week", 0, (D(2017, 9, 4), 2)),
    ("004", "broke Tuesday the three-year siege", 0, (D(2017, 9, 5), 1)),
    ("004", "since September 2015", 0, (D(2015, 9, 1), 3)),
    ("004", "launched in May", 0, (D(2017, 5, 1), 3)),
    ("004", "earlier on Tuesday", 0, (D(2017, 9, 5), 1)),
    ("004", "Earlier in the day", 0, (D(2017, 9, 5), 1)),
    ("002", "On Tuesday", 0, (D(2017, 11, 21), 1)),
    ("002", "Sochi on Monday", 0, (D(2017, 11, 20), 1)),
    ("002", "Last week", 0, (D(2017, 11, 13), 2)),
    ("002", "on November 11", 0, (D(2017, 11, 11), 1)),
    ("002", "in October 2015", 0, (D(2015, 10, 1), 3)),
    ("002", "said on Thursday", 0, (D(2017, 11, 23), 1)),
    ("002", "On the same day", 0, (D(2017, 11, 21), 1)),
    ("001", "Shoigu\u00a0on Tuesday", 0, (D(2017, 9, 12), 1)),
    ("001", "on September 12", 0, (D(2017, 9, 12), 1)),
    ("003", "reporters on Wednesday", 0, (D(2017, 9, 6), 1)),
    ("003", "On Tuesday", 0, (D(2017, 9, 5), 1)),
])
def test_sample(sample, doc, phrase, occurrence, expected):
    assert _at(sample[doc], phrase, occurrence) == expected


def test_sample_numbers_are_not_dates(sample):
    for doc in sample.values():
        for m in find_dates(doc.text, doc.published, spans=doc.body):
            assert not any(s in m.text for s in ("137", "93,000", "5,000", "157", "60")), m


def test_sample_boilerplate_dates_are_left_out_with_spans(sample):
    d = sample["000"]
    texts = [m.text for m in find_dates(d.text, d.published, spans=d.body)]
    assert "Wednesday" not in texts  # "Tulsi Gabbard on Wednesday" is in the Featured Post block
    assert "Wednesday" in [m.text for m in find_dates(d.text, d.published)]


# -- absolute ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The talks ended on September 12.", (D(2017, 9, 12), 1)),
    ("He arrived on Sept. 5 with aid.", (D(2017, 9, 5), 1)),
    ("It began on 5 September 2017.", (D(2017, 9, 5), 1)),
    ("It began on the 5th of September.", (D(2017, 9, 5), 1)),
    ("Report dated 2017-09-05 says so.", (D(2017, 9, 5), 1)),
    ("Fighting since March 2011 has killed many.", (D(2011, 3, 1), 3)),
    ("Clashes in mid-October killed ten.", (D(2016, 10, 15), 2)),
    ("Clashes in early September killed ten.", (D(2017, 9, 1), 2)),
    ("The siege began in December.", (D(2016, 12, 1), 3)),
    ("The group was founded in 2014.", (D(2014, 1, 1), 4)),
    ("The Nov. 23 attack killed five.", (D(2016, 11, 23), 1)),
    ("Troops will withdraw in December.", (D(2017, 12, 1), 3)),
    ("The meeting will be held on October 2.", (D(2017, 10, 2), 1)),
    ("Tuesday, September 12, 2017 was calm.", (D(2017, 9, 12), 1)),
])
def test_absolute(text, expected):
    assert one(text) == expected


def test_year_less_date_in_december_article():
    pub = D(2017, 12, 20)
    assert one("The attack on January 3 killed four.", pub) == (D(2017, 1, 3), 1)
    assert one("Talks will resume on January 3.", pub) == (D(2018, 1, 3), 1)
    assert one("Shelling on December 22 killed two.", pub) == (D(2017, 12, 22), 1)


def test_year_less_date_with_weekday_picks_the_matching_year():
    assert one("On Thursday, December 28, the town fell.", D(2017, 12, 20)) == (D(2017, 12, 28), 1)


@pytest.mark.parametrize("text", [
    "The 5,000 troops were besieged.",
    "Brigade 137 held the base.",
    "About 93,000 civilians were trapped.",
    "It may take weeks to clear the mines.",
    "May God protect them, he said.",
    "Theresa May spoke to reporters.",
    "Protesters March through the capital.",
    "Around 2015 fighters were killed.",
    "The Good Friday agreement was cited.",
    "Casualties rose by 12 percent in 2017%.",
    "The March 2.5 version was released.",
])
def test_not_dates(text):
    assert [m.text for m in find_dates(text, WED)] == []


# -- relative ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Troops took the town on Tuesday.", (D(2017, 9, 12), 1)),
    ("Earlier on Tuesday, troops took the town.", (D(2017, 9, 12), 1)),
    ("Troops took the town Tuesday.", (D(2017, 9, 12), 1)),
    ("Troops took the town last Thursday.", (D(2017, 9, 7), 1)),
    ("The ministry said on Wednesday it had won.", (D(2017, 9, 13), 1)),
    ("The ministry said last Wednesday it had won.", (D(2017, 9, 6), 1)),
    ("Ministers will meet on Tuesday.", (D(2017, 9, 19), 1)),
    ("The vote is due on Friday.", (D(2017, 9, 15), 1)),
    ("They plan to resume talks on Monday.", (D(2017, 9, 18), 1)),
    ("Talks resume next Tuesday.", (D(2017, 9, 19), 1)),
    ("On Saturday, Putin will visit Ankara.", (D(2017, 9, 16), 1)),
    ("Talks are on Tuesday last week.", (D(2017, 9, 5), 1)),
    ("The town fell yesterday.", (D(2017, 9, 12), 1)),
    ("The town fell today.", (D(2017, 9, 13), 1)),
    ("The town fell two days ago.", (D(2017, 9, 11), 1)),
    ("The town fell a week ago.", (D(2017, 9, 6), 2)),
    ("The town fell last week.", (D(2017, 9, 4), 2)),
    ("Fighting intensified this week.", (D(2017, 9, 11), 2)),
    ("The town fell last month.", (D(2017, 8, 1), 3)),
    ("Fighting eased earlier this month.", (D(2017, 9, 1), 3)),
    ("The offensive began last year.", (D(2016, 1, 1), 4)),
])
def test_relative(text, expected):
    assert one(text) == expected


def test_said_on_weekday_with_future_clause_is_past():
    # "will" belongs to the reported clause, not to the day of saying.
    text = "The ministry said on Monday that the army will take the city."
    assert one(text) == (D(2017, 9, 11), 1)


def test_anaphora_follow_the_previous_date():
    text = "The army entered the town on Saturday. A day earlier, jets struck the bridge. " \
           "On the same day, talks began. The next day, the road opened."
    got = [(m.text, m.date) for m in find_dates(text, WED)]
    assert got == [("Saturday", D(2017, 9, 9)), ("A day earlier", D(2017, 9, 8)),
                   ("the same day", D(2017, 9, 8)), ("The next day", D(2017, 9, 9))]


def test_undated_document_gives_none_for_relative_dates():
    text = "Troops took the town on Tuesday, a week after talks on 5 September 2017 failed."
    got = [(m.text, m.date) for m in find_dates(text, None)]
    assert got == [("Tuesday", None), ("5 September 2017", D(2017, 9, 5))]
    assert find_dates("It began in May.", None)[0].date is None


def test_weekday_in_a_name_is_not_a_date():
    assert find_dates("Fans of Black Friday sales queued.", WED) == []
    assert [m.text for m in find_dates("On Sunday, Bloody Sunday was remembered.", WED)] == [
        "Sunday"]


def test_offsets_and_doc_id():
    text = "Shelling hit the town on Monday, officials said."
    [m] = find_dates(text, WED, doc_id="x")
    assert (m.doc_id, m.start, m.end, m.text) == ("x", 25, 31, "Monday")


def test_spans_restrict_the_search():
    text = "Fighting on Monday. Related: clashes on Friday."
    assert [m.text for m in find_dates(text, WED, spans=[(0, 19)])] == ["Monday"]


# -- publication dates ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Wednesday, September 13, 2017\n\nTitle\n\nBody text here.", D(2017, 9, 13)),
    ("Title\n23 Nov, 2017 05:44\nRt.com\n\nBody.", D(2017, 11, 23)),
    ("2017-09-05\nTitle\nBody.", D(2017, 9, 5)),
    ("Title\nSeptember 5, 2017\nBody.", D(2017, 9, 5)),
    ("Title\nPublished: 5 September 2017 10:31 GMT\nBody.", D(2017, 9, 5)),
    ("Troops advanced on September 5, 2017 near the city.", None),
    ("Title\nBody says the war began in 2011.", None),
])
def test_publication_date_from_text(text, expected):
    assert publication_date_from_text(text) == expected


def test_publication_dateline_far_down_is_not_taken():
    text = "Title\n\n" + "Body text that goes on. " * 60 + "\nSeptember 5, 2017\n"
    assert publication_date_from_text(text) is None


def test_infer_publication_date():
    assert infer_publication_date("On Tuesday, September 12, talks opened (2017).") == D(
        2017, 9, 12)
    assert infer_publication_date("Talks opened on Tuesday, September 12, 2017, and on "
                                  "Monday, September 18, 2017, they ended.") == D(2017, 9, 18)
    assert infer_publication_date("On Tuesday, September 12, talks opened.") is None
    # A weekday that does not fit the date gives nothing.
    assert infer_publication_date("On Monday, September 12, 2017, talks opened.") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2017-09-05", D(2017, 9, 5)),
    ("2017-09-05T23:10:00Z", D(2017, 9, 5)),
    ("2017-09-05 10:31:00+03:00", D(2017, 9, 5)),
    ("September 5, 2017", D(2017, 9, 5)),
    ("5 Sep 2017", D(2017, 9, 5)),
    ("Tue, 05 Sep 2017 10:31:00 GMT", D(2017, 9, 5)),
    ("25/09/2017", D(2017, 9, 25)),
    ("09/25/2017", D(2017, 9, 25)),
    ("05/09/2017", None),
    ("soon", None),
    ("", None),
    (1504569600, D(2017, 9, 5)),
    (D(2017, 9, 5), D(2017, 9, 5)),
    (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_is_date_line():
    assert is_date_line("23 Nov, 2017 05:44")
    assert is_date_line("Thursday, November 23, 2017")
    assert not is_date_line("Clashes on November 23, 2017 in the city")


@pytest.mark.parametrize("text, expected", [
    ("Gunmen stormed the compound in November last year.", ("November last year", D(2016, 11, 1))),
    ("The town fell in March of this year.", ("March of this year", D(2017, 3, 1))),
])
def test_a_month_with_last_or_this_year_takes_that_year(text, expected):
    found = [(d.text, d.date) for d in find_dates(text, WED)]
    assert found == [expected]
