"""A believable Persian demo club: four tiers, a few hundred members, a year of purchases.

Everything goes through the real services with a clock that walks forward through the year, so
the demo obeys every rule (upgrades, redemptions, refunds, expiry, reviews) and passes ``check``.
"""

from __future__ import annotations

import heapq
import random
from datetime import datetime, timedelta

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Conflict, RuleViolation
from loyaltydesk.domain.jalali import add_months, jalali_of
from loyaltydesk.domain.roles import Action, Role
from loyaltydesk.domain.surveys import DEFAULT_ASPECTS
from loyaltydesk.store import club as club_store

from . import checkout, club, followup, members, points, surveys
from .session import Session, User

NOT_EMPTY = QT_TRANSLATE_NOOP("LoyaltyError", "The club is not empty; demo data goes only into a new club.")
FIRST_NAMES = (
    "علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "سعید", "حمید", "مجید", "کاوه", "بابک", "آرش", "سینا",
    "پویا", "نیما", "فرهاد", "داریوش", "کامران", "محمدرضا", "امیرحسین", "عبدالله", "مریم", "زهرا", "فاطمه",
    "سارا", "نرگس", "مینا", "لیلا", "شیرین", "پریسا", "الهام", "نازنین", "سمیرا", "مهسا", "آزاده", "فرشته",
    "ریحانه", "هانیه", "یاسمن", "ستاره", "نگار", "کیمیا", "آناهیتا", "ترانه", "بهاره",
)
LAST_NAMES = (
    "محمدی", "حسینی", "احمدی", "رضایی", "موسوی", "کریمی", "جعفری", "صادقی", "رحیمی", "کاظمی", "هاشمی",
    "قاسمی", "عباسی", "نوری", "مرادی", "طاهری", "زارعی", "شریفی", "اکبری", "یوسفی", "عبدالله‌زاده",
    "حسن‌پور", "علی‌نژاد", "میرزایی", "خسروی", "نجفی", "سلیمانی", "بهرامی", "فراهانی", "تهرانی",
    "شیرازی", "اصفهانی", "قربانی", "ملکی", "پورمحمدی", "امینی", "کیانی", "رستمی", "فتحی", "وکیلی",
)
# What customers say at the kiosk (detractors always say something), and what the owner does.
DETRACTOR_COMMENTS = (
    "صف صندوق خیلی طولانی بود", "قیمت‌ها نسبت به ماه قبل خیلی گران شده", "فروشنده حوصله نداشت",
    "کالایی که می‌خواستم تمام شده بود", "کیفیت جنس خوب نبود", "امتیازم درست حساب نشد",
    "جای پارک نبود و کسی راهنمایی نکرد", "کارتخوان خراب بود و معطل شدم",
)
PRAISE = ("برخورد کارکنان عالی بود", "تنوع کالا خوب است", "ممنون از تخفیف باشگاه", "سریع و مرتب")
CONTACT_NOTES = ("تماس گرفته شد؛ عذرخواهی کردیم", "پیامک فرستادیم، منتظر تماس مشتری", "با مشتری صحبت شد")
RESOLUTIONS = ("کد تخفیف ۱۰ درصدی داده شد", "کالا تعویض شد", "امتیاز جبرانی ثبت شد", "مشتری راضی شد")
COMPLAINTS = (  # (kind, category, description)
    ("complaint", "waiting", "برای پرداخت بیست دقیقه در صف ماندم"),
    ("complaint", "staff", "فروشنده با مشتری تند صحبت کرد"),
    ("complaint", "price", "قیمت قفسه با قیمت صندوق فرق داشت"),
    ("return", "defective", "کالا معیوب بود"),
    ("return", "wrong_item", "کالای اشتباه تحویل داده شد"),
)
SURVEY_MONTHS = 6  # customers answer the kiosk over the last half year
SURVEY_SHARE = 0.2  # of the purchases in those months
COMPLAINT_SHARE = 0.015

TIERS = (
    # name, threshold (rials), discount bp, multiplier %, birthday bonus, colour
    ("برنزی", 0, 0, 100, 100, "#b08d57"),
    ("نقره‌ای", 50_000_000, 300, 125, 200, "#9ea7b0"),
    ("طلایی", 150_000_000, 500, 150, 500, "#d4af37"),
    ("الماسی", 400_000_000, 1000, 200, 1000, "#6fc3df"),
)


class _Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def _valid_national_code(rng: random.Random) -> str:
    body = "".join(str(rng.randrange(10)) for _ in range(9))
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(total if total < 2 else 11 - total)


class _Voices:
    """The customers' survey answers, complaints and returns, and the owner working the follow-up
    list, drawn from their own seeded random stream, so that the purchases stay what they were.

    Over the last ``SURVEY_MONTHS`` months about ``SURVEY_SHARE`` of the purchases get an answer at
    the kiosk (NPS 0-10 and stars on the default aspects; a detractor always comments and so opens a
    follow-up); a few complaints and the refunds' returns are logged. The owner contacts most items
    a day or three later and resolves most of those: the newest stay open or contacted."""

    def __init__(self, seed: int, cashier: Session, owner: Session, clock: _Clock, end: datetime):
        self.rng = random.Random(seed * 31 + 7)
        self.cashier, self.owner, self.clock, self.end = cashier, owner, clock, end
        self.since = add_months(end, -SURVEY_MONTHS)
        self.due: list[tuple[datetime, int, str]] = []  # (when, item id, "contact" | "resolve")
        self.counts = {"surveys": 0, "followups": 0}

    def _score(self) -> int:
        r = self.rng.random()
        if r < 0.52:
            return self.rng.choice((9, 10, 10))
        if r < 0.78:
            return self.rng.choice((7, 8))
        return self.rng.choice((0, 2, 3, 4, 5, 5, 6, 6))

    def after_purchase(self, when: datetime, card: str, purchase_id: int) -> None:
        if when < self.since:
            return
        if self.rng.random() < SURVEY_SHARE:
            score = self._score()
            low, high = (1, 3) if score <= 6 else (3, 5) if score <= 8 else (4, 5)
            stars = {a: self.rng.randint(low, high) for a in DEFAULT_ASPECTS if self.rng.random() < 0.8}
            comment = (self.rng.choice(DETRACTOR_COMMENTS) if score <= 6
                       else self.rng.choice(PRAISE) if self.rng.random() < 0.2 else "")
            answer = surveys.add_survey(self.cashier, card, score, stars, comment, purchase_id, channel="kiosk")
            self.counts["surveys"] += 1
            if answer.followup_id is not None:
                self._opened(when, answer.followup_id)
        elif self.rng.random() < COMPLAINT_SHARE:
            kind, category, text = self.rng.choice(COMPLAINTS)
            self._opened(when, followup.log_complaint(self.cashier, kind, category, text, card, purchase_id).id)

    def after_refund(self, when: datetime, purchase_id: int) -> None:
        if when >= self.since and self.rng.random() < 0.5:
            category = self.rng.choice(("defective", "changed_mind", "wrong_item"))
            item = followup.log_complaint(self.owner, "return", category, "مرجوعی کالا", purchase_id=purchase_id)
            self._opened(when, item.id)

    def _opened(self, when: datetime, item_id: int) -> None:
        self.counts["followups"] += 1
        contact = when + timedelta(hours=self.rng.randrange(4, 72))
        if self.rng.random() < 0.85:
            heapq.heappush(self.due, (contact, item_id, "contact"))
            if self.rng.random() < 0.75:
                heapq.heappush(self.due, (contact + timedelta(hours=self.rng.randrange(12, 120)), item_id, "resolve"))

    def catch_up(self, until: datetime) -> None:
        """The owner's follow-up work due by ``until``, each at its own time."""
        while self.due and self.due[0][0] <= until:
            at, item_id, step = heapq.heappop(self.due)
            self.clock.now = at
            if step == "contact":
                followup.contact(self.owner, item_id, self.rng.choice(CONTACT_NOTES))
            else:
                followup.resolve_item(self.owner, item_id, self.rng.choice(RESOLUTIONS))
        self.clock.now = until


def fill_demo(session: Session, member_count: int = 300, seed: int = 1404) -> dict:
    """Fill an empty club with demo data ending at ``session.now()``: members, a year of purchases
    (with coupons, redemptions and refunds), survey answers, complaints and returns over the last
    months with their follow-ups in every state, and the coupons ``NOWRUZ`` and ``WELCOME`` that a
    cashier can type. Owner only; one transaction; refused when the club already has members or
    tiers. The same ``seed`` and end give the same club."""
    session.require(Action.FILL_DEMO)
    if club_store.member_count(session.db) or club_store.tiers(session.db):
        raise Conflict(NOT_EMPTY)
    rng = random.Random(seed)
    end = session.now()
    start = add_months(end, -12)
    clock = _Clock(start - timedelta(days=1))
    owner = Session(session.db, User(session.user.username, Role.OWNER), clock)
    cashier = Session(session.db, User("sara", Role.CASHIER), clock)
    counts = {"members": 0, "purchases": 0, "refunds": 0, "redemptions": 0}
    voices = _Voices(seed, cashier, owner, clock, end)
    with session.db.transaction():
        club.update_settings(owner, shop_name="فروشگاه پارس", referral_bonus=300, expiry_months=6)
        for name, threshold, discount, multiplier, bonus, color in TIERS:
            club.add_tier(owner, name, threshold, discount, multiplier, bonus, color)
        club.add_coupon(owner, "NOWRUZ", percent_bp=1000, max_uses=500)
        club.add_coupon(owner, "WELCOME", amount=500_000)
        # Events through the year: sign-ups, purchases, a monthly expiry and review.
        events = []
        for i in range(member_count):
            joined = start + timedelta(seconds=rng.randrange(int((end - start).total_seconds() * 0.8)))
            events.append((joined, "signup", i))
            visits = int(rng.paretovariate(1.3)) + rng.randrange(0, 4)
            for _ in range(min(visits, 60)):
                when = joined + timedelta(seconds=rng.randrange(max(1, int((end - joined).total_seconds()))))
                events.append((when, "purchase", i))
        month = start
        while month < end:
            month = add_months(month, 1)
            if month < end:
                events.append((month, "monthly", -1))
        events += [(start + timedelta(days=d), "weekly", -1) for d in range(7, (end - start).days, 7)]
        events.sort(key=lambda e: (e[0], e[1] != "signup"))
        cards: dict[int, str] = {}
        purchases: list[int] = []
        used_mobiles: set[str] = set()
        for when, kind, i in events:
            voices.catch_up(when)
            if kind == "monthly":
                points.run_expiry(owner)
                points.review_tiers(owner)
            elif kind == "weekly":
                points.grant_birthday_bonuses(owner)
            elif kind == "signup":
                mobile = "09" + rng.choice(["12", "13", "19", "35", "36", "01", "02", "90", "21"]) + str(rng.randrange(10**7)).zfill(7)
                while mobile in used_mobiles:
                    mobile = mobile[:-1] + str(rng.randrange(10))
                used_mobiles.add(mobile)
                birthday = None
                if rng.random() < 0.7:
                    year = rng.randrange(1340, 1385)
                    birthday = f"{year}/{rng.randrange(1, 13):02d}/{rng.randrange(1, 30):02d}"
                referrer = cards[rng.choice(list(cards))] if cards and rng.random() < 0.15 else None
                m = members.sign_up(
                    cashier, mobile, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), birthday=birthday,
                    national_code=_valid_national_code(rng) if rng.random() < 0.3 else None,
                    gender=None, referrer=referrer, sms_consent=rng.random() < 0.6,
                )
                cards[i] = m.card
                counts["members"] += 1
            elif i in cards:
                gross = rng.choice([1, 2, 3, 5, 8, 12, 20, 35, 60]) * 1_000_000 + rng.randrange(0, 50) * 10_000
                view = members.get_member(cashier, cards[i])
                redeem = 0
                if view.points > 200 and rng.random() < 0.3:
                    redeem = rng.randrange(50, view.points // 2 + 1)
                coupon = "NOWRUZ" if jalali_of(when).month == 1 and rng.random() < 0.3 else None
                try:
                    result = checkout.register_purchase(cashier, cards[i], gross, redeem=redeem, coupon=coupon)
                except RuleViolation:  # over the cap, or the coupon already used: buy without it
                    result = checkout.register_purchase(cashier, cards[i], gross)
                counts["purchases"] += 1
                counts["redemptions"] += bool(result.lines.points_redeemed)
                purchases.append(result.purchase_id)
                voices.after_purchase(when, cards[i], result.purchase_id)
                if rng.random() < 0.03:
                    clock.now = when + timedelta(hours=rng.randrange(1, 72))
                    if clock.now < end:
                        partial = gross // 2 if rng.random() < 0.5 else None
                        checkout.refund(owner, result.purchase_id, partial, reason="بازگشت کالا")
                        counts["refunds"] += 1
                        voices.after_refund(clock.now, result.purchase_id)
        voices.catch_up(end)
        points.run_expiry(owner)
    return {**counts, **voices.counts}



DEMO_OWNER, DEMO_CASHIER, DEMO_PASSWORD = "owner", "sara", "demo1234"


def make_demo_club(db, clock=None, member_count: int = 300) -> dict:
    """A new demo club the desktop app can sign into: the shop and its owner (``owner``), a cashier
    (``sara``), both with the password ``demo1234``, then ``fill_demo``. Refused on a club in use."""
    from . import users

    if club_store.member_count(db) or club_store.tiers(db) or not users.needs_setup(db):
        raise Conflict(NOT_EMPTY)
    kwargs = {"clock": clock} if clock else {}
    owner = users.set_up_club(db, shop_name="فروشگاه پارس", display_unit="toman", username=DEMO_OWNER,
                              password=DEMO_PASSWORD, repeat=DEMO_PASSWORD, display_name="مریم رضایی", **kwargs)
    users.add_user(owner, DEMO_CASHIER, DEMO_PASSWORD, DEMO_PASSWORD, Role.CASHIER.value, "سارا احمدی")
    return fill_demo(owner, member_count)
