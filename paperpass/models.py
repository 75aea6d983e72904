"""Plain data passed between the layers of paperpass.

Every layer speaks in these dataclasses: ingest produces `Paper`, parse produces
`Document`, the store reads and writes all of them, and the CLI's JSON output is
`dataclasses.asdict` of them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from paperpass.errors import InvalidInput

Decision = Literal["keep", "skip", "later"]
DECISIONS: tuple[str, ...] = ("keep", "skip", "later")
# What users read and type for each stored decision: "later" is how the store spells defer,
# and the CLI still accepts it.
DECISION_WORDS: dict[str, str] = {"keep": "keep", "skip": "skip", "later": "defer"}
DECISION_DONE: dict[str, str] = {"keep": "kept", "skip": "skipped", "later": "deferred"}
PASSES: tuple[int, ...] = (1, 2, 3)
FIVE_CS: tuple[str, ...] = ("category", "context", "correctness", "contributions", "clarity")
# Keshav's budgets per pass, in minutes: "5-10 minutes", "up to an hour", "several hours".
PASS_BUDGET_MINUTES: dict[int, int] = {1: 10, 2: 60, 3: 240}
# The same budgets as Keshav states them, (least, most) minutes: "5-10 minutes", "an hour", "4-5 hours".
PASS_BUDGET_RANGE_MINUTES: dict[int, tuple[int, int]] = {1: (5, 10), 2: (60, 60), 3: (240, 300)}
# What kind of publication a paper is: a closed set BibTeX, RIS and CSL can each express (one entry type,
# one TY code, one CSL type per kind; a master's thesis is a thesis to RIS and CSL, with its degree named
# beside: M3, genre). None on a Paper means not known: exports then fall back to the
# venue (a venue: a conference paper; a DOI only: an article; else misc), as before kinds were kept.
# "thesis" is a doctoral or an unnamed degree's, "masters" a master's thesis (BibTeX's @mastersthesis).
PAPER_KINDS: tuple[str, ...] = ("article", "conference", "chapter", "thesis", "masters", "report", "preprint")
# The kind in words, for `show`, the TUI and error messages.
KIND_WORDS: dict[str, str] = {"article": "journal article", "conference": "conference paper",
                              "chapter": "book chapter", "thesis": "thesis", "masters": "master's thesis",
                              "report": "technical report", "preprint": "preprint"}
# A master's thesis's type, as the exports name it (RIS M3, CSL genre: Zotero's thesisType).
MASTERS_THESIS = "Master's thesis"


def kind_and_venue(kind: str | None, venue: str | None) -> str:
    """What a paper is and where it appeared, as the TUI's detail and the Markdown export say it: "journal
    article: Nature", either alone, or "" when neither is known."""
    return ": ".join(w for w in (KIND_WORDS.get(kind or ""), venue) if w)


@dataclass
class Paper:
    """One paper in the library, whatever source it came from."""

    title: str
    id: int | None = None
    arxiv_id: str | None = None  # without version, e.g. "1512.03385" or "hep-th/9901001"
    arxiv_version: int | None = None
    doi: str | None = None
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    categories: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date or datetime
    updated: str | None = None
    source: str = "manual"  # "arxiv", "feed", "hf-daily", "seed", "manual", "pdf"
    source_url: str | None = None  # where the user can compare their reading (feed entry, discussion)
    pdf_url: str | None = None
    pdf_path: str | None = None
    pdf_sha256: str | None = None
    popularity: int | None = None  # e.g. Hugging Face upvotes
    comment: str | None = None
    venue: str | None = None
    year: int | None = None
    added: str | None = None
    pdf_title: str | None = None  # the title parsed from the PDF, kept beside `title`, never over it
    kind: str | None = None  # one of PAPER_KINDS (journal article, conference paper, ...); None: not known

    @property
    def stored_id(self) -> int:
        """The library id of a paper read from the store; a paper never stored has none (a bug to ask)."""
        if self.id is None:
            raise InvalidInput(f"paper {self.title[:60]!r} is not in the library yet (it has no id)")
        return self.id

    @property
    def arxiv_id_versioned(self) -> str | None:
        if self.arxiv_id and self.arxiv_version:
            return f"{self.arxiv_id}v{self.arxiv_version}"
        return self.arxiv_id


# BibTeX and biblatex entry types that name a kind. @misc is no kind of its own (an arXiv @misc is a preprint:
# the importer decides); @unpublished is RIS's UNPB (unpublished work; preprints).
BIBTEX_ENTRY_KINDS: dict[str, str] = {"article": "article", "inproceedings": "conference", "conference": "conference",
                                      "incollection": "chapter", "inbook": "chapter", "phdthesis": "thesis",
                                      "mastersthesis": "masters", "thesis": "thesis", "techreport": "report",
                                      "report": "report", "unpublished": "preprint"}
# BibTeX's month macros (month = mar), January first: the importer reads them, the BibTeX export writes them.
BIBTEX_MONTHS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Other words a reader types for a kind: the words of KIND_WORDS, and BibTeX's entry types.
KIND_ALIASES: dict[str, str] = {**BIBTEX_ENTRY_KINDS, "journal": "article", "journal article": "article",
                                "paper": "article", "conference paper": "conference", "proceedings": "conference",
                                "book chapter": "chapter", "dissertation": "thesis", "master's thesis": "masters",
                                "masters thesis": "masters", "master thesis": "masters", "technical report": "report",
                                "tech report": "report"}


def paper_kind(word: str) -> str | None:
    """The kind a user typed (`edit --kind`): one of PAPER_KINDS or a word of KIND_ALIASES ('journal',
    'inproceedings', 'phdthesis'), or None for '', 'unknown' or 'none' (not known). InvalidInput, in one
    line, for any other word."""
    text = " ".join(word.lower().replace("@", "").replace("-", " ").split())
    if text in ("", "unknown", "none"):
        return None
    text = KIND_ALIASES.get(text, text)
    if text not in PAPER_KINDS:
        raise InvalidInput(f"unknown kind {word.strip()!r}: give one of {', '.join(PAPER_KINDS)} or unknown")
    return text


@dataclass
class TriageWindow:
    """What triage lists: the papers of the last `days` days (all of them when `days` is None)."""

    days: int | None
    start: str | None  # the first day shown (ISO date); None when every date is shown
    end: str | None  # the newest paper's date, where the window ends; None in an empty library
    papers: list[Paper]  # newest first
    older: int = 0  # papers to triage that are older than `start` (hidden)


@dataclass
class Section:
    title: str  # without its number
    level: int
    page: int
    text: str = ""
    number: str = ""  # "3.2", "A", "IV"; empty when unnumbered
    # "body", "abstract", "references", "acknowledgements" or "appendix"
    kind: str = "body"


@dataclass
class Caption:
    kind: Literal["figure", "table"]
    label: str
    text: str
    page: int


@dataclass
class Figure:
    """A figure or table cut out of a paper's PDF: its caption and a PNG of the region it occupies."""

    kind: Literal["figure", "table"]
    number: str  # the caption's label: "3", "IV", "A.1"
    caption: str
    page: int  # 1-based
    bbox: tuple[float, float, float, float]  # the region on the page, in PDF points (x0, y0, x1, y1; y down)
    image: str | None  # the PNG's path; None when no region was found or it could not be rendered
    width: int = 0  # pixels
    height: int = 0
    bytes: int = 0  # the PNG's size on disk
    problem: str = ""  # why there is no image, or what may be missing from it (an image that failed to decode)


@dataclass
class Reference:
    raw: str
    title: str | None = None
    year: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    matched_paper_id: int | None = None  # set when the reference is a paper in the library
    queued: bool = False  # marked "worth reading" in pass 2
    queued_at: str | None = None  # when it was marked


@dataclass
class Document:
    """The structure of a paper as parsed from its PDF."""

    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    sections: list[Section] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    pages: int = 0

    def top_level_headings(self) -> list[str]:
        """Titles of the top-level body sections before the references (no abstract, back matter, appendices)."""
        out = []
        for s in self.sections:
            if s.kind == "references":
                break
            if s.level == 1 and s.kind == "body":
                out.append(s.title)
        return out

    def introduction(self) -> Section | None:
        """The introduction for pass 1: the section so named, else the first top-level body section."""
        body = [s for s in self.sections if s.kind == "body" and s.level == 1]
        named = [s for s in body if "introduction" in s.title.lower()]
        return named[0] if named else (body[0] if body else None)

    def conclusion(self) -> Section | None:
        """The conclusion for pass 1 ("Conclusion(s)", "Discussion", "Summary", "... and future work")."""
        body = [s for s in self.sections if s.kind == "body" and s.level == 1]
        for words in (("conclu",), ("discussion", "summary", "future work", "closing remarks")):
            named = [s for s in body if any(w in s.title.lower() for w in words)]
            if named:
                return named[-1]
        return None


@dataclass
class NoteVersion:
    text: str
    saved: str


@dataclass
class Note:
    paper_id: int
    pass_no: int
    text: str
    id: int | None = None
    created: str | None = None
    updated: str | None = None
    history: list[NoteVersion] = field(default_factory=list)


@dataclass
class PassState:
    paper_id: int
    pass_no: int
    started: str | None = None
    finished: str | None = None
    seconds: float = 0.0
    checklist: dict[str, bool] = field(default_factory=dict)

    @property
    def budget_seconds(self) -> int:
        return PASS_BUDGET_MINUTES[self.pass_no] * 60


@dataclass
class FiveCs:
    paper_id: int
    category: str = ""
    context: str = ""
    correctness: str = ""
    contributions: str = ""
    clarity: str = ""
    updated: str | None = None


@dataclass
class Review:
    """What the reader decided about a paper beyond the five Cs."""

    paper_id: int
    pass1_decision: Literal["drop", "continue"] | None = None
    reproducibility: str | None = None  # pass 2 judgement: "yes", "partly", "no", free text
    code_url: str | None = None
    others_vs_mine: str | None = None  # after pass 1: what others say about the paper against my first read


@dataclass
class PaperSource:
    """One place a paper was found or talked about: an arXiv listing, a blog post that linked it,
    its Hugging Face daily page (with upvotes), a forum thread. A paper keeps every one."""

    kind: str  # the ingest word: "arxiv", "feed", "hf-daily", "reference", "seed", "manual", "pdf"
    label: str  # what it is, in words: "Hugging Face daily papers", "blog post (example.org)"
    url: str | None = None  # where to read it
    via: str | None = None  # the feed or query it came through, when known
    popularity: int | None = None  # e.g. Hugging Face upvotes (the most seen)
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass
class ReadingList:
    name: str
    id: int | None = None
    kind: Literal["seed", "user"] = "user"
    paper_ids: list[int] = field(default_factory=list)


ReadingStatus = Literal["unread", "pass1", "pass2", "pass3", "done"]
READING_STATUSES: tuple[ReadingStatus, ...] = ("unread", "pass1", "pass2", "pass3", "done")
ItemKind = Literal["paper", "section", "note"]
ITEM_KINDS: tuple[ItemKind, ...] = ("paper", "section", "note")
_Word = TypeVar("_Word", bound=str)


def one_of(word: str, allowed: tuple[_Word, ...]) -> _Word:
    """A word read from the database as one of a Literal type's values (ValueError for any other)."""
    for value in allowed:
        if value == word:
            return value
    raise ValueError(f"{word!r} is not one of {', '.join(allowed)}")


@dataclass
class ListEntry:
    """One paper of a reading list, with its reading status."""

    id: int
    title: str
    year: int | None
    list_name: str = field(metadata={"json_key": "list"})  # `"list"` in JSON (the classics --json contract)
    status: ReadingStatus
    arxiv_id: str | None = None
    authors: list[str] = field(default_factory=list)
    done: str | None = None  # when the paper was read to the end


@dataclass
class ListProgress:
    """How far the reader is with one list: papers read to the end, papers begun (done included), papers."""

    done: int = 0
    begun: int = 0
    total: int = 0


@dataclass
class QueueEntry:
    """One item of the reading queue: a library paper, or a reference not (yet) in the library."""

    reason: str  # "kept", or "cited by <title>"
    since: str | None  # when it was kept or queued
    id: int | None = None  # the paper id, when the paper is in the library
    title: str | None = None
    reference: str | None = None  # the reference text, for a queued reference
    cited_by: int | None = None  # the citing paper, for a queued reference
    position: int | None = None  # the reference's position in the citing paper's list


def as_dict(obj: Any) -> dict[str, Any]:
    """JSON-ready dict of a dataclass (the one way objects become JSON). A field may carry its JSON key in
    its metadata (`json_key`) when the Python name differs from the published one."""
    data = dataclasses.asdict(obj)
    renamed = {f.name: f.metadata["json_key"] for f in dataclasses.fields(obj) if "json_key" in f.metadata}
    if not renamed:
        return data
    return {renamed.get(key, key): value for key, value in data.items()}


@dataclass
class RankedPaper:
    """A paper in the triage ranking, with why it ranked where it did."""

    paper: Paper
    score: float
    reasons: list[str] = field(default_factory=list)  # e.g. "similar to your notes on ResNet", "42 upvotes"
    decision: str | None = None


@dataclass
class SearchHit:
    """One search result and where it matched."""

    paper_id: int
    title: str
    score: float
    kind: ItemKind
    snippet: str = ""
    pass_no: int | None = None  # for a note
    section: str | None = None  # for a section chunk
    page: int | None = None
    note_id: int | None = None  # for a note: which one, so the reader can open it


@dataclass
class IngestSummary:
    """What an ingest run did; `failed` holds (what, one-line reason) per entry skipped or PDF not fetched,
    `notes` what went wrong at the source with no entry lost (a feed read past a broken part, arXiv out of
    reach so the feed's own words were stored, papers still waiting for their arXiv record)."""

    source: str
    seen: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    pdfs: int = 0
    no_pdf: int = 0  # papers with no PDF to fetch (a DOI or a web page only): not failures
    item_pages: int = 0  # feed items' pages looked at for the paper the item names only by its link
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PageLook:
    """What ingest found on a feed item's page (the item named no paper itself), kept so that a page is not
    fetched on every ingest for nothing: `reason` is the item's failed line; `final` once there is nothing
    more to learn there for a while (the page names no paper, or it failed `tries` times); `reader`, the
    version of the page reader that looked (0: one older than these versions), and `looked`, when (UTC
    ISO timestamp; None when not kept), say when that while is over."""

    reason: str
    tries: int = 1
    final: bool = True
    reader: int = 0
    looked: str | None = None


@dataclass
class DeletePreview:
    """What deleting a paper takes with it (the confirmation's text), or what a delete took."""

    paper_id: int
    title: str
    notes: int = 0  # the paper's notes (each with its history)
    reading: str = "unread"  # the one-word reading state: unread, pass1-3, done, dropped
    passes: list[int] = field(default_factory=list)  # the passes begun
    decision: str | None = None  # the triage decision
    queued_refs: int = 0  # its references marked worth reading
    lists: list[str] = field(default_factory=list)  # the reading lists it is in
    tags: list[str] = field(default_factory=list)
    pdf_path: str | None = None  # its PDF in the data directory (moved to the trash), None when it has none there

    def what_goes(self) -> str:
        """One sentence: what goes with the paper."""
        parts = [f"{self.notes} note{'s' if self.notes != 1 else ''}"]
        if self.passes:
            parts.append(f"reading state {self.reading} (pass {', '.join(map(str, self.passes))} begun)")
        if self.decision:
            parts.append(f"triage decision {DECISION_WORDS.get(self.decision, self.decision)}")
        if self.queued_refs:
            parts.append(f"{self.queued_refs} queued reference{'s' if self.queued_refs != 1 else ''}")
        if self.lists:
            parts.append("its place in " + ", ".join(self.lists))
        if self.tags:
            parts.append("tags " + ", ".join(self.tags))
        parts.append(f"its PDF {self.pdf_path}" if self.pdf_path else "no PDF in the library")
        return "; ".join(parts)
# Hosts whose pages are a conversation about a paper rather than the paper itself.
DISCUSSION_HOSTS: tuple[str, ...] = ("news.ycombinator.com", "reddit.com", "lobste.rs", "openreview.net",
                                     "alphaxiv.org", "twitter.com", "x.com", "bsky.app", "mastodon.social",
                                     "discuss.", "forum.", "forums.", "community.")


def describe_source(kind: str, url: str | None) -> str:
    """A paper's source in words, from how it came in (`kind`) and where it points (`url`)."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower().removeprefix("www.") if url else ""
    if kind == "hf-daily" or host == "huggingface.co":
        return "Hugging Face daily papers"
    if any(host == h or host.endswith("." + h) or (h.endswith(".") and host.startswith(h))
           for h in DISCUSSION_HOSTS):
        return f"discussion thread ({host})"
    if kind == "arxiv":
        return "arXiv API search"
    if kind == "feed":
        return "arXiv listing" if host.endswith("arxiv.org") else f"feed item ({host})" if host else "feed item"
    words = {"reference": "cited by a paper in your library", "seed": "the seeded classics list",
             "manual": "added by you", "pdf": "a PDF you added"}
    return words.get(kind, kind)


@dataclass
class WeekCount:
    """What happened in one ISO week (Monday to Sunday, UTC)."""

    week: str  # "2026-W49"
    start: str  # its Monday, ISO date
    added: int = 0  # papers that came into the library (seeded classics left out)
    kept: int = 0  # kept in triage
    passes: dict[str, int] = field(default_factory=lambda: {"1": 0, "2": 0, "3": 0})  # passes finished
    done: int = 0  # papers read to the end
    notes: int = 0  # notes written
    minutes: float = 0.0  # minutes read that week (the reader's timer, every pass)


@dataclass
class PassTime:
    """Reading time in one pass against Keshav's budget for it."""

    pass_no: int
    budget_minutes: tuple[int, int]  # (least, most), e.g. (5, 10) for pass 1
    papers: int = 0  # papers with time in this pass
    finished: int = 0  # papers that finished it
    total_seconds: float = 0.0
    mean_seconds: float | None = None  # per paper with time in the pass
    median_seconds: float | None = None
    within: int = 0  # papers at or under the budget's upper end
    over: int = 0  # papers over it


@dataclass
class QueueAge:
    """How long the reading queue's entries have waited."""

    size: int = 0
    oldest_days: float | None = None
    median_days: float | None = None
    buckets: dict[str, int] = field(default_factory=dict)  # "under a week", "1-4 weeks", ...
    oldest: list[dict[str, Any]] = field(default_factory=list)  # the longest waiting: id, title, reason, days


@dataclass
class ListStats:
    name: str
    done: int = 0
    begun: int = 0
    total: int = 0


@dataclass
class ReadingStats:
    """The reading dashboard's numbers (`paperpass stats --json` prints them)."""

    generated: str  # when they were computed ("now")
    papers: int  # your papers: everything but the seeded classics you have not touched
    states: dict[str, int]  # unread, pass1, pass2, pass3, done, dropped
    decisions: dict[str, int]  # kept, skipped, deferred, undecided
    notes: int
    weeks: list[WeekCount]  # the last weeks, oldest first, the current week last
    passes: list[PassTime]
    lists: list[ListStats]
    queue: QueueAge
    empty: bool  # nothing ingested and nothing read yet


@dataclass
class ReviewItem:
    """A paper in a weekly review, with when (and what) happened to it."""

    title: str
    when: str
    id: int | None = None
    detail: str = ""  # e.g. "after pass 2", "cited by ...", "kept"


@dataclass
class ReviewNote:
    paper_id: int
    title: str
    pass_no: int
    created: str
    updated: str
    excerpt: str
    new: bool  # written this week (else: an older note edited this week)


@dataclass
class WeeklyReview:
    """A week of reading (`paperpass review-week`): kept, read per pass, finished, notes, queued."""

    label: str  # "2026-W49", or "since 2026-11-01"
    start: str  # first day, ISO date
    end: str  # last day, ISO date (included)
    added: int = 0
    kept: list[ReviewItem] = field(default_factory=list)
    passes: dict[str, list[ReviewItem]] = field(default_factory=lambda: {"1": [], "2": [], "3": []})
    finished: list[ReviewItem] = field(default_factory=list)
    notes: list[ReviewNote] = field(default_factory=list)
    queued: list[ReviewItem] = field(default_factory=list)
