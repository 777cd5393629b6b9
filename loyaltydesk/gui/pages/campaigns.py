"""The owner's campaigns page: every campaign with its state and what it has given; add, edit and end
one in a dialog that shows every problem beside its field; and "did it work" for the one chosen
(members reached, uses, sales while it ran and its points' cost, against the same days before)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.analytics import SEGMENT_TITLES, SEGMENTS
from loyaltydesk.domain.campaigns import WEEKDAYS
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Problem, ValidationError
from loyaltydesk.domain.jalali import TEHRAN, parse_jalali_date, utc_now
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.services.campaigns import CampaignForm
from loyaltydesk.services.changes import Changes

from .. import confirm, i18n
from ..jalali_edit import JalaliDateEdit
from ..ops import Runner
from ..widgets import MoneyEdit, ProblemForm
from .tables import cell, filling, message, read_only_table, selected_row

WEEKDAY_TITLES = {
    "sat": QT_TRANSLATE_NOOP("CampaignDialog", "Sat"), "sun": QT_TRANSLATE_NOOP("CampaignDialog", "Sun"),
    "mon": QT_TRANSLATE_NOOP("CampaignDialog", "Mon"), "tue": QT_TRANSLATE_NOOP("CampaignDialog", "Tue"),
    "wed": QT_TRANSLATE_NOOP("CampaignDialog", "Wed"), "thu": QT_TRANSLATE_NOOP("CampaignDialog", "Thu"),
    "fri": QT_TRANSLATE_NOOP("CampaignDialog", "Fri"),
}
NOT_A_NUMBER = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a whole number.")


def _whole(text: str, field: str, problems: list) -> int | None:
    """A typed whole number (any digits, a leading minus), None when empty; a problem when unreadable."""
    raw = to_ascii_digits(text.strip()).replace(",", "").replace("٬", "")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        problems.append(Problem(field, NOT_A_NUMBER, {"value": text}))
        return None


class CampaignDialog(QDialog):
    """A new campaign, or one to change: its dates, days and hours, whom it is for, its effect,
    its limits and stacking. ``saved`` holds the campaign the service stored."""

    def __init__(self, runner: Runner, unit: str = "toman", tiers=(), today=None, view=None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        form: CampaignForm | None = view.form if view is not None else None
        self.campaign_id = view.campaign.id if view is not None else 0
        self.setObjectName("campaignDialog")
        self.runner = runner
        self.unit = unit
        self.original = form
        self.saved = None
        self.setWindowTitle(self.tr("Edit campaign") if form else self.tr("New campaign"))
        self.form = f = ProblemForm()
        self.name = f.add(self.tr("Name"), "name", QLineEdit())
        self.name.setObjectName("campaignName")
        self.start = f.add(self.tr("First day"), "start", JalaliDateEdit())
        self.start.setObjectName("campaignStart")
        self.end = f.add(self.tr("Last day"), "end", JalaliDateEdit())
        self.end.setObjectName("campaignEnd")
        f.add("", "dates", QWidget())
        days = QWidget()
        grid = QGridLayout(days)  # two rows: every day's name whole, in a narrow field column too
        grid.setContentsMargins(0, 0, 0, 0)
        self.days: dict[str, QCheckBox] = {}
        for i, d in enumerate(WEEKDAYS):
            box = self.days[d] = QCheckBox(self.tr(WEEKDAY_TITLES[d]))
            box.setObjectName(f"day_{d}")
            grid.addWidget(box, i // 4, i % 4)
        f.add(self.tr("Only on (none: every day)"), "weekdays", days)
        days.setMaximumWidth(16_777_215)  # (wider than a field may be: each day's name whole)
        self.hours = f.add(self.tr("Only between hours (e.g. 10-14, 22-2)"), "hours", QLineEdit())
        self.hours.setObjectName("campaignHours")
        self.hours.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.tiers: dict[str, QCheckBox] = {}
        tier_row = QWidget()
        trow = QHBoxLayout(tier_row)
        trow.setContentsMargins(0, 0, 0, 0)
        for name in tiers:
            box = self.tiers[name] = QCheckBox(name)
            trow.addWidget(box)
        f.add(self.tr("Only for tiers (none: all)"), "tiers", tier_row)
        self.segment = f.add(self.tr("Only for the segment"), "segment", QComboBox())
        self.segment.setObjectName("campaignSegment")
        self.segment.addItem(self.tr("Everyone"), "")
        for s in SEGMENTS:
            self.segment.addItem(QCoreApplication.translate("Report", SEGMENT_TITLES[s]), s)
        self.birth_month = f.add(self.tr("Only for birthdays in month (0: any)"), "birthday_month", QSpinBox())
        self.birth_month.setObjectName("campaignBirthMonth")
        self.birth_month.setRange(0, 12)
        self.joined_from = f.add(self.tr("Only for members who joined from (Jalali, optional)"), "joined_from",
                                 QLineEdit())
        self.joined_from.setObjectName("campaignJoinedFrom")
        self.joined_to = f.add(self.tr("… to (inclusive)"), "joined_to", QLineEdit())
        self.joined_to.setObjectName("campaignJoinedTo")
        f.add("", "joined", QWidget())
        self.effect = f.add(self.tr("Effect"), "effect", QComboBox())
        self.effect.setObjectName("campaignEffect")
        self.effect.addItem(self.tr("Points multiplier"), "multiplier")
        self.effect.addItem(self.tr("Bonus on every purchase"), "bonus")
        self.effect.addItem(self.tr("Bonus on the Nth visit"), "nth_visit")
        self.effect.addItem(self.tr("Bonus on reaching a spend"), "spend_target")
        self.multiplier = f.add(self.tr("Multiplier (% of the purchase's points; 200 = double)"), "multiplier",
                                QLineEdit())
        self.multiplier.setObjectName("campaignMultiplier")
        self.bonus = f.add(self.tr("Bonus (points)"), "bonus", QLineEdit())
        self.bonus.setObjectName("campaignBonus")
        self.nth_visit = f.add(self.tr("On visit number"), "nth_visit", QLineEdit())
        self.nth_visit.setObjectName("campaignNthVisit")
        self.spend_target = f.add(i18n.arg(self.tr("On reaching a spend of (%1)"), i18n.unit_name(unit)),
                                  "spend_target", MoneyEdit(unit))
        self.spend_target.setObjectName("campaignSpendTarget")
        f.add("", "condition", QWidget())
        self.min_purchase = f.add(i18n.arg(self.tr("Minimum purchase (%1)"), i18n.unit_name(unit)), "min_purchase",
                                  MoneyEdit(unit))
        self.min_purchase.setObjectName("campaignMinPurchase")
        self.limit = f.add(self.tr("Purchases per member (empty: no limit)"), "per_member_limit", QLineEdit())
        self.limit.setObjectName("campaignLimit")
        self.budget = f.add(self.tr("Points budget (empty: no limit)"), "budget", QLineEdit())
        self.budget.setObjectName("campaignBudget")
        self.stacking = f.add(self.tr("With other campaigns"), "stacking", QComboBox())
        self.stacking.setObjectName("campaignStacking")
        self.stacking.addItem(self.tr("As the club says"), "")
        self.stacking.addItem(self.tr("Add up"), "add")
        self.stacking.addItem(self.tr("Only the best one"), "best")
        for edit in (self.multiplier, self.bonus, self.nth_visit, self.limit, self.budget, self.joined_from,
                     self.joined_to):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.effect.currentIndexChanged.connect(self._effect_changed)

        if form is not None:
            self._fill(form)
        else:
            today = today or _tehran_day(runner)
            self.start.set_day(today)
            self.end.set_day(today)
            self.multiplier.setText(i18n.digits("200"))
        self._effect_changed()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        body.setLayout(f)
        scroll = QScrollArea()  # many fields, and a problem under any of them: never cut off
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(f.general())
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self.resize(680, 720)

    def _fill(self, form: CampaignForm) -> None:
        self.name.setText(form.name)
        for edit, text in ((self.start, form.start), (self.end, form.end)):
            d = parse_jalali_date(text)
            edit.set_jalali(d.year, d.month, d.day)
        for d in form.weekdays.split(","):
            if d in self.days:
                self.days[d].setChecked(True)
        self.hours.setText(form.hours)
        for name in form.tiers.split(","):
            if name in self.tiers:
                self.tiers[name].setChecked(True)
        self.segment.setCurrentIndex(max(0, self.segment.findData(form.segment)))
        self.birth_month.setValue(form.birthday_month or 0)
        self.joined_from.setText(i18n.digits(form.joined_from))
        self.joined_to.setText(i18n.digits(form.joined_to))
        kind = ("multiplier" if form.multiplier else "nth_visit" if form.nth_visit else
                "spend_target" if form.spend_target else "bonus")
        self.effect.setCurrentIndex(self.effect.findData(kind))
        if form.multiplier:
            self.multiplier.setText(i18n.digits(str(form.multiplier)))
        if form.bonus:
            self.bonus.setText(i18n.digits(str(form.bonus)))
        if form.nth_visit:
            self.nth_visit.setText(i18n.digits(str(form.nth_visit)))
        if form.spend_target:
            self.spend_target.set_rials(form.spend_target)
        self.min_purchase.set_rials(form.min_purchase)
        if form.per_member_limit is not None:
            self.limit.setText(i18n.digits(str(form.per_member_limit)))
        if form.budget is not None:
            self.budget.setText(i18n.digits(str(form.budget)))
        self.stacking.setCurrentIndex(max(0, self.stacking.findData(form.stacking)))

    def _effect_changed(self) -> None:
        kind = self.effect.currentData()
        self.multiplier.setEnabled(kind == "multiplier")
        self.bonus.setEnabled(kind != "multiplier")
        self.nth_visit.setEnabled(kind == "nth_visit")
        self.spend_target.setEnabled(kind == "spend_target")

    def values(self) -> tuple[CampaignForm, list[Problem]]:
        """The form as the service reads it, and the problems of numbers that cannot be read."""
        problems: list[Problem] = []
        kind = self.effect.currentData()
        multiplier = _whole(self.multiplier.text(), "multiplier", problems) if kind == "multiplier" else None
        bonus = _whole(self.bonus.text(), "bonus", problems) if kind != "multiplier" else None
        form = CampaignForm(
            name=self.name.text(), start=self.start.jalali_text(), end=self.end.jalali_text(),
            weekdays=",".join(d for d, box in self.days.items() if box.isChecked()), hours=self.hours.text(),
            tiers=",".join(n for n, box in self.tiers.items() if box.isChecked()),
            segment=self.segment.currentData(), birthday_month=self.birth_month.value() or None,
            joined_from=self.joined_from.text(), joined_to=self.joined_to.text(),
            multiplier=multiplier or 0, bonus=bonus or 0,
            nth_visit=_whole(self.nth_visit.text(), "nth_visit", problems) if kind == "nth_visit" else None,
            spend_target=self.spend_target.rials() if kind == "spend_target" else None,
            min_purchase=self.min_purchase.rials(),
            per_member_limit=_whole(self.limit.text(), "per_member_limit", problems),
            budget=_whole(self.budget.text(), "budget", problems), stacking=self.stacking.currentData(),
        )
        if kind == "nth_visit" and form.nth_visit is None and not problems:
            form = replace(form, nth_visit=0)  # the service names what is missing
        return form, problems

    def submit(self) -> None:
        form, problems = self.values()
        original, campaign_id = self.original, self.campaign_id

        def job(s):
            if problems:  # the numbers that cannot be read, with everything else the service finds
                _campaign, found = services.campaigns.build(s.db, form, campaign_id)
                fields = {p.field for p in problems}
                raise ValidationError(problems + [p for p in found if p.field not in fields])
            if original is None:
                return services.campaigns.add_campaign(s, form)
            return services.campaigns.edit_campaign(s, original.name, form)

        self.ok.setEnabled(False)
        self.runner.call(job, self._done, self._failed)

    def _done(self, campaign) -> None:
        self.saved = campaign
        self.accept()

    def _failed(self, error) -> None:
        self.ok.setEnabled(True)
        self.form.show_error(error)  # the scroll area makes room under the fields

    def problems_shown(self) -> dict[str, str]:
        return self.form.problems_shown()


class CampaignsPage(QWidget):
    """Every campaign: name, state, dates, effect, what it gave against its budget, uses, members."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("campaignsPage")
        self.runner = runner
        self.unit = "toman"
        self.views: list = []
        self.tier_names: list[str] = []
        self.dialog: QDialog | None = None
        self.confirm_box: QMessageBox | None = None  # "End campaign …?" while it is asked
        self.table = read_only_table([self.tr("Name"), self.tr("State"), self.tr("Dates"), self.tr("Effect"),
                                      self.tr("Points given"), self.tr("Uses"), self.tr("Members")], "campaignsTable",
                                     self.tr("No campaigns yet: “New campaign…” starts one."))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(self.tr("New campaign…"))
        self.add_button.setObjectName("addCampaign")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editCampaign")
        self.edit_button.clicked.connect(self.edit)
        self.end_button = QPushButton(self.tr("End now"))
        self.end_button.setObjectName("endCampaign")
        self.end_button.clicked.connect(self.end)
        self.status = QLabel()
        self.status.setObjectName("campaignsStatus")
        self.status.setWordWrap(True)
        self.report = QLabel()
        self.report.setObjectName("campaignReport")
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.end_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.report)
        self._selection_changed()

    def set_unit(self, unit: str) -> None:
        self.unit = unit

    shows = Changes.of("campaigns", "tiers")

    def activate(self) -> None:
        """Shown (what it shows is read by ``refresh``)."""

    def refresh(self, changes: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        def job(s):
            return services.campaigns.list_campaigns(s), [t.name for t in services.club.list_tiers(s)]

        self.runner.call(job, self.show_campaigns, self._refused)

    def state_name(self, state: str) -> str:
        return {"upcoming": self.tr("Upcoming"), "running": self.tr("Running"), "ended": self.tr("Ended")}[state]

    def effect_text(self, f: CampaignForm) -> str:
        if f.multiplier:
            return i18n.arg(self.tr("%1% of the points"), i18n.digits(str(f.multiplier)))
        text = i18n.arg(self.tr("+%1 points"), i18n.number(f.bonus))
        if f.nth_visit:
            text += " " + i18n.arg(self.tr("on visit %1"), i18n.digits(str(f.nth_visit)))
        if f.spend_target:
            text += " " + i18n.arg(self.tr("on reaching %1"), i18n.money(f.spend_target, self.unit))
        return text

    def show_campaigns(self, result) -> None:
        views, self.tier_names = result
        chosen = self.selected()
        self.views = list(views)
        with filling(self.table):
            self.table.setRowCount(len(self.views))
            for r, v in enumerate(self.views):
                f = v.form
                given = i18n.number(v.points)
                if f.budget is not None:
                    given = i18n.arg(self.tr("%1 of %2"), given, i18n.number(f.budget))
                for c, text in enumerate((f.name, self.state_name(v.state),
                                          f"{i18n.digits(f.start)} – {i18n.digits(f.end)}", self.effect_text(f),
                                          given, i18n.number(v.uses), i18n.number(v.members))):
                    self.table.setItem(r, c, cell(text))
                if chosen is not None and f.name == chosen.form.name:
                    self.table.setCurrentCell(r, 0)
        self._selection_changed()

    def select(self, name: str) -> None:
        for r, v in enumerate(self.views):
            if v.form.name == name:
                self.table.setCurrentCell(r, 0)
                return
        raise KeyError(name)

    def selected(self):
        row = selected_row(self.table)
        return self.views[row] if 0 <= row < len(self.views) else None

    def _selection_changed(self) -> None:
        v = self.selected()
        self.edit_button.setEnabled(v is not None and v.state != "ended")
        self.end_button.setEnabled(v is not None and v.state != "ended")
        self.report.clear()
        if v is not None:
            name = v.form.name
            self.runner.call(lambda s: services.campaigns.report(s, name), self.show_report, self._refused)

    def show_report(self, r) -> None:
        money = lambda rials: i18n.money(rials, self.unit)  # noqa: E731
        self.report.setText("\n".join([
            i18n.arg(self.tr("Did %1 work? %2 days, %3 – %4"), r.name, i18n.number(r.days), i18n.digits(r.start),
                     i18n.digits(r.end)),
            i18n.arg(self.tr("Members reached: %1 (with a qualifying purchase: %2); uses: %3"),
                     i18n.number(r.members_reached), i18n.number(r.members_counted), i18n.number(r.uses)),
            i18n.arg(self.tr("Points cost: %1 (worth %2)"), i18n.number(r.points), money(r.points_value)),
            i18n.arg(self.tr("Sales while it ran: %1 in %2 purchases; the same days before: %3 in %4 purchases"),
                     money(r.sales), i18n.number(r.purchases), money(r.sales_before), i18n.number(r.purchases_before)),
        ]))

    def _refused(self, error) -> None:
        message(self.status, i18n.error_text(error), True)

    # -- actions -------------------------------------------------------------------------------
    def add(self) -> CampaignDialog:
        return self._open(CampaignDialog(self.runner, self.unit, self.tier_names, _tehran_day(self.runner), None, self))

    def edit(self) -> CampaignDialog | None:
        v = self.selected()
        if v is None:
            return None
        return self._open(CampaignDialog(self.runner, self.unit, self.tier_names, _tehran_day(self.runner), v, self))

    def _open(self, dialog: CampaignDialog) -> CampaignDialog:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._changed(i18n.arg(self.tr("Campaign %1 saved."), dialog.saved.name)))
        dialog.open()
        return dialog

    def end(self) -> QMessageBox | None:
        """Ask first (ending cannot be undone: an ended campaign is not edited or started again);
        Enter and Esc keep it running, only the named action ends it."""
        v = self.selected()
        if v is None:
            return None
        name = v.form.name

        def go() -> None:
            self.confirm_box = None
            self.runner.call(lambda s: services.campaigns.end_campaign(s, name),
                             lambda _: self._changed(i18n.arg(self.tr("Campaign %1 ended."), name)), self._refused)

        def kept() -> None:
            self.confirm_box = None
            self.table.setFocus()

        text = (self.tr("End campaign %1 now? From this moment it gives no points; what it has given stays. "
                        "An ended campaign cannot be started again.") if v.state == "running" else
                self.tr("End campaign %1 now? It will not start; an ended campaign cannot be started again."))
        self.confirm_box = confirm.ask(self, self.tr("End a campaign"), i18n.arg(text, name),
                                       self.tr("End the campaign"), go, kept, keep=self.tr("Keep it running"),
                                       name="confirmEndCampaign")
        self.confirm_box.setTextFormat(Qt.TextFormat.PlainText)  # a name with "<" is shown as typed
        return self.confirm_box

    def _changed(self, text: str) -> None:
        message(self.status, text)
        self.reload()


def _tehran_day(runner: Runner):
    """Today in Tehran, by the runner's clock (the dialog's first and last day start there)."""
    now = runner.clock() if getattr(runner, "clock", None) else utc_now()
    return now.astimezone(TEHRAN).date()
