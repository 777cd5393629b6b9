"""One member card, written once: the cashier page's panel and the member dialog's head.

``MemberCard`` shows who the member is and where they stand (the name large, the tier's badge in
its colour, the card and mobile, the balance and what it is worth, a bar to the next tier and what
keeps this one, today's notices, and on the till the member's story in two lines). ``TierBadge``
shows a tier's name on its colour (painted by ``widgets.Badge``, as every badge is). A view: it shows the values it is given and calls no service.

Card numbers and mobiles are written here for every page (``card_text``, ``mobile_text``): left to
right inside a right-to-left line, in the digits of the language shown.

Styling goes through objectNames and dynamic properties only (``role``, ``tone``; the rules are in
``resources/theme/till.qss``); the tier's colour is the one thing painted here, from the tier.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from loyaltydesk.domain.analytics import SEGMENT_TITLES
from loyaltydesk.domain.ids import format_card
from loyaltydesk.domain.tiers import DEFAULT_TIER_COLOR

from . import i18n, theme
from .models.report_table import report_text
from .widgets import Badge, CodeLabel

NO_BREAK = "\u00a0"  # a space that a wrapped line never breaks at
PROGRESS_STEPS = 1000  # the bar to the next tier counts in thousandths


def card_text(card: str | None) -> str:
    """A card number as every page shows it: grouped, left to right, in the language's digits, its
    groups held together (a wrapped line never splits it)."""
    return i18n.ltr(i18n.digits(format_card(card)).replace(" ", NO_BREAK)) if card else "—"


def mobile_text(mobile: str | None) -> str:
    return i18n.ltr(i18n.digits(mobile)) if mobile else "—"


def tier_color(color: str | None) -> QColor:
    """The colour a tier is shown in (badge, card, upgrade banner): the tier's own, or the colour of
    no tier, through the theme (``theme.tier_color``)."""
    return theme.tier_color(color or DEFAULT_TIER_COLOR)


def tier_progress(m, tiers: Sequence = ()) -> int | None:
    """How far the member is on the way to the next tier, in thousandths (``PROGRESS_STEPS``): by
    spend, by visits (the next tier's visits from ``tiers``), whichever is nearer for a tier that
    counts either. The top tier is full; None when there is nothing to measure."""
    if m is None:
        return None
    if not m.next_tier:
        return PROGRESS_STEPS if m.tier else None
    shares: list[float] = []
    if m.to_next_tier is not None:
        total = m.qualifying_spend + m.to_next_tier
        shares.append(m.qualifying_spend / total if total > 0 else 0.0)
    if m.to_next_visits is not None:
        nxt = next((t for t in tiers if t.name == m.next_tier), None)
        if nxt is not None and nxt.visits > 0:
            shares.append(max(nxt.visits - m.to_next_visits, 0) / nxt.visits)
    if not shares:
        return None
    return min(max(int(max(shares) * PROGRESS_STEPS), 0), PROGRESS_STEPS)


class TierBadge(Badge):
    """A tier's name on its colour, in a pill (``widgets.Badge`` paints it): the colour is the
    tier's data, not the theme's."""

    PAD_X, PAD_Y = 12, 4
    RADIUS = None

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", parent)
        self.setObjectName("tierBadge")
        self.setProperty("role", "badge")
        self._color = tier_color(None)

    def show_tier(self, name: str | None, color: str | None) -> None:
        self._color = tier_color(color)
        self.setText(name or "")
        self.setVisible(bool(name))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.text()) + 2 * self.PAD_X, metrics.height() + 2 * self.PAD_Y)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()


class MemberCard(QFrame):
    """Who the member is and where they stand. ``compact`` (the member dialog's head) leaves out
    the mobile, the bar's words, the notices and the story, which the dialog shows in its tabs."""

    def __init__(self, parent: QWidget | None = None, compact: bool = False):
        super().__init__(parent)
        self.setObjectName("memberCard")
        self.setProperty("role", "card")
        self.setProperty("compact", compact)
        self.compact = compact
        self.member = None
        self.unit = "toman"
        self.tiers: tuple = ()
        self.name = QLabel()
        self.name.setObjectName("memberName")
        self.name.setWordWrap(True)
        self.tier = TierBadge()
        self.card = CodeLabel()
        self.card.setObjectName("memberCardNumber")
        self.mobile = CodeLabel()
        self.mobile.setObjectName("memberMobile")
        self.points = QLabel()
        self.points.setObjectName("memberPoints")
        self.worth = QLabel()
        self.worth.setObjectName("memberPointsWorth")
        self.bar = QProgressBar()
        self.bar.setObjectName("tierProgress")
        self.bar.setRange(0, PROGRESS_STEPS)
        self.bar.setTextVisible(False)
        self.progress = QLabel()
        self.progress.setObjectName("tierProgressText")
        self.keep = QLabel()
        self.keep.setObjectName("tierKeep")
        self.keep.setProperty("role", "hint")
        self.notices = QLabel()
        self.notices.setObjectName("notices")
        self.notices.setProperty("role", "notice")
        self.story = QLabel()  # the member's story in two lines (services/story.py), read after they open
        self.story.setObjectName("memberStory")
        self.story.setProperty("role", "hint")
        self.story_of: int | None = None  # the member the story is about
        for label in (self.progress, self.keep, self.notices, self.story):
            label.setWordWrap(True)

        self.top = top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.tier, 0, Qt.AlignmentFlag.AlignTop)
        self.facts = QGridLayout()  # the values in one column, right beside their labels
        self.facts.setColumnStretch(2, 1)
        self.facts.setHorizontalSpacing(12)
        rows = [(self.tr("Card"), self.card), (self.tr("Balance"), self.points), (self.tr("Worth"), self.worth)]
        if not compact:
            rows.insert(1, (self.tr("Mobile"), self.mobile))
        self.fact_widgets: list[QWidget] = []  # shown only with a member
        for i, (title, value) in enumerate(rows):
            label = QLabel(title)
            label.setProperty("role", "fieldLabel")
            self.facts.addWidget(label, i, 0)
            self.facts.addWidget(value, i, 1)
            self.fact_widgets += [label, value]
        self.waiting = QLabel(self.tr("Scan the member's card, or find them by mobile or name: their tier, "
                                      "points and the way to the next tier show here."))
        self.waiting.setObjectName("memberCardWaiting")
        self.waiting.setProperty("role", "hint")
        self.waiting.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.facts)
        layout.addWidget(self.waiting)
        layout.addWidget(self.bar)
        layout.addWidget(self.progress)
        layout.addWidget(self.keep)
        layout.addWidget(self.notices)
        layout.addWidget(self.story)
        if compact:
            for w in (self.progress, self.notices, self.story, self.mobile):
                w.hide()
        else:
            layout.addStretch(1)
        self.show_member(None, self.unit)

    def add_beside_name(self, widget: QWidget) -> None:
        """A widget of the page's own in the card's top row, after the tier's badge (the member
        dialog's status and its block button)."""
        self.top.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)

    def add_fact(self, title: str, widget: QWidget) -> None:
        """A row of the page's own under the card's facts (the member dialog's status)."""
        row = self.facts.rowCount()
        label = QLabel(title)
        label.setProperty("role", "fieldLabel")
        self.facts.addWidget(label, row, 0)
        self.facts.addWidget(widget, row, 1)
        self.fact_widgets += [label, widget]

    def set_ladder(self, tiers: Sequence) -> None:
        """The club's tiers (the next tier's visits for the bar); the member shown again with them."""
        self.tiers = tuple(tiers)
        if self.member is not None:
            self.show_member(self.member, self.unit)

    def show_member(self, m, unit: str) -> None:
        self.member, self.unit = m, unit
        if m is None or m.id != self.story_of:  # another member's story never stays beside this one
            self.story.clear()
            self.story_of = None
        self.setProperty("empty", m is None)
        if m is None:
            self.name.setText(self.tr("No member chosen"))
            for label in (self.points, self.worth, self.progress, self.keep, self.notices):
                label.clear()
            self.tier.show_tier(None, None)
            self.card.set_code("")
            self.mobile.set_code("")
            self.bar.hide()
            self.notices.hide()
            self._show_facts(False)
            self._repolish()
            return
        self._show_facts(True)
        self.name.setText(m.name or self.tr("(no name)"))
        self.tier.show_tier(m.tier or self.tr("No tier"), m.tier_color)
        self.card.setText(card_text(m.card))
        self.mobile.setText(mobile_text(m.mobile))
        self.points.setText(i18n.arg(self.tr("%1 points"), i18n.signed(m.points)))
        self.worth.setText(i18n.money(m.points_value, unit))
        self._show_progress(m, unit)
        notices, tone = [], "warning"
        if m.status != "active":
            notices.append(self.tr("Blocked: no purchases or redemptions."))
            tone = "danger"
        if m.birthday_today:
            notices.append(self.tr("Happy birthday! Today is the member's birthday."))
        if m.referrer_card:
            notices.append(i18n.arg(self.tr("Referred by card %1."), card_text(m.referrer_card)))
        self.notices.setText("\n".join(notices))
        self.notices.setProperty("tone", tone)
        self.notices.setVisible(bool(notices) and not self.compact)
        self._repolish()

    def _show_facts(self, shown: bool) -> None:
        """The card's rows with a member; without one, what the card is for."""
        for w in self.fact_widgets:
            w.setVisible(shown and not (self.compact and w is self.mobile))
        self.waiting.setVisible(not shown and not self.compact)

    def _show_progress(self, m, unit: str) -> None:
        """The bar to the next tier and its words (either way, whichever comes first), and what
        keeps the tier at the next review."""
        share = tier_progress(m, self.tiers)
        self.bar.setVisible(share is not None)
        self.bar.setValue(share or 0)
        self.bar.setProperty("tone", "success" if share == PROGRESS_STEPS else "")
        if m.next_tier and m.to_next_tier is not None and m.to_next_visits is not None:  # either, whichever first
            self.progress.setText(i18n.arg(self.tr("%1 more, or %2 more visits, reach %3."),
                                           i18n.money(m.to_next_tier, unit), i18n.number(m.to_next_visits), m.next_tier))
        elif m.next_tier and m.to_next_tier is not None:
            self.progress.setText(i18n.arg(self.tr("%1 more reaches %2."), i18n.money(m.to_next_tier, unit), m.next_tier))
        elif m.next_tier and m.to_next_visits is not None:
            self.progress.setText(i18n.arg(self.tr("%1 more visits reach %2."), i18n.number(m.to_next_visits), m.next_tier))
        else:
            self.progress.setText(self.tr("Top tier.") if m.tier and not m.next_tier else "")
        self.bar.setToolTip(self.progress.text())
        if m.tier and m.to_keep_tier:
            self.keep.setText(i18n.arg(self.tr("%1 more by the next review keeps %2."), i18n.money(m.to_keep_tier, unit), m.tier))
        elif m.tier:
            self.keep.setText(i18n.arg(self.tr("%1 is kept at the next review."), m.tier))
        else:
            self.keep.clear()

    def show_story(self, story, unit: str) -> None:
        """Two lines: what they spent over how many visits, the last one, their segment; the points
        that expire next and open follow-ups (the member dialog shows it all)."""
        self.story_of = story.member_id
        if story.visits:
            if story.days_since_visit:
                first = i18n.arg(self.tr("Spent %1 in %2 visit(s); last visit %3 days ago"),
                                 i18n.money(story.lifetime_spend, unit), i18n.number(story.visits),
                                 i18n.number(story.days_since_visit))
            else:
                first = i18n.arg(self.tr("Spent %1 in %2 visit(s); last visit today"),
                                 i18n.money(story.lifetime_spend, unit), i18n.number(story.visits))
            if story.segment:
                first = i18n.arg(self.tr("%1 · %2"), first, report_text(SEGMENT_TITLES[story.segment]))
        else:
            first = self.tr("First purchase ahead.")
        second = []
        if story.expiring_points:
            second.append(i18n.arg(self.tr("%1 points expire on %2"), i18n.number(story.expiring_points),
                                   i18n.digits(story.expiring_jalali)))
        if story.open_followups:
            second.append(i18n.arg(self.tr("%1 open follow-up(s)"), i18n.number(story.open_followups)))
        if story.offers:
            second.append(i18n.arg(self.tr("%1 active offer(s)"), i18n.number(len(story.offers))))
        # a separator that cannot be read as a digit (a middle dot looks like the Persian zero)
        self.story.setText("\n".join([first, self.tr(" · ").join(second)] if second else [first]))

    def _repolish(self) -> None:
        """Dynamic properties changed: the theme's rules apply again."""
        for w in (self, self.name, self.notices, self.bar):  # the name's look follows the card's ``empty``
            theme.repolish(w)
            w.updateGeometry()
