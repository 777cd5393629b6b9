"""Fill the Persian texts of loyaltydesk_fa.ts from the dictionary below.

    uv run python tools/translations.py update     # collect new strings first
    uv run python tools/fill_translations.py       # fill what is unfinished and known here
    uv run python tools/fill_translations.py --all # also overwrite finished texts that differ
    uv run python tools/fill_translations.py --layout  # also add Qt's QT_LAYOUT_DIRECTION = RTL entry
    uv run python tools/translations.py release

The .ts stays the source of truth the app compiles: this script only writes texts into it (a
text edited in the .ts by hand, e.g. with pyside6-linguist, is kept unless ``--all`` is given).
A translation is looked up by (context, source) first, then by source alone. Every text is
checked to keep the placeholders of its source ({name} fields, %1 %2 …, %n) before it is written.
Messages of the .ts that nothing here translates are listed, so that they get a Persian text.

ZWNJ (U+200C, نیم‌فاصله) is written as the real character in the texts below.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "loyaltydesk" / "translations" / "loyaltydesk_fa.ts"

# Qt's own entry: tells Qt the language runs right to left. The app sets the direction itself, and
# ``translations.py update`` (lupdate -no-obsolete) drops this entry since no source has it: so it
# is only added on request (--layout), e.g. just before a release.
LAYOUT = ("QGuiApplication", "QT_LAYOUT_DIRECTION", "RTL")

# --- one Persian text per English source, whatever the context ------------------------------------
TEXTS: dict[str, str] = {
    # common words
    "Cancel": "انصراف",
    "Save": "ذخیره",
    "Saved.": "ذخیره شد.",
    "Yes": "بله",
    "No": "خیر",
    "yes": "بله",
    "no": "خیر",
    "Refresh": "به‌روزرسانی",
    "Remove": "حذف",
    "Default": "پیش‌فرض",
    "Choose…": "انتخاب…",
    "Never": "هرگز",
    "Active": "فعال",
    "Blocked": "مسدود",
    "Block": "مسدود کردن",
    "Unblock": "رفع مسدودی",
    "Disabled": "غیرفعال",
    "Deactivated": "غیرفعال",
    "Disable": "غیرفعال کردن",
    "Enable": "فعال کردن",
    "Activate": "فعال کردن",
    "Deactivate": "غیرفعال کردن",
    "State": "وضعیت",
    "Status": "وضعیت",
    "Name": "نام",
    "Code": "کد",
    "Card": "کارت",
    "Mobile": "موبایل",
    "First name": "نام",
    "Last name": "نام خانوادگی",
    "Date": "تاریخ",
    "Amount": "مبلغ",
    "Amount (%1)": "مبلغ (%1)",
    "Discount": "تخفیف",
    "Discounts": "تخفیف‌ها",
    "Percent": "درصد",
    "Coupon": "کوپن",
    "Coupons": "کوپن‌ها",
    "Tier": "سطح",
    "Tiers": "سطح‌ها",
    "No tier": "بدون سطح",
    "Points": "امتیاز",
    "%1 points": "%1 امتیاز",
    "Member": "عضو",
    "Members": "اعضا",
    "New member": "عضو جدید",
    "Purchase": "خرید",
    "Purchases": "خریدها",
    "Refund": "مرجوعی",
    "Refunded": "مرجوعی",
    "Earned": "کسب‌شده",
    "Redeemed": "استفاده‌شده",
    "Points earned": "امتیاز کسب‌شده",
    "Points redeemed": "امتیاز استفاده‌شده",
    "Tier discount": "تخفیف سطح",
    "Reason": "دلیل",
    "Kind": "نوع",
    "From": "از",
    "To": "به",
    "Until": "تا",
    "(no name)": "(بی‌نام)",
    "Joined": "تاریخ عضویت",
    "User name": "نام کاربری",
    "Password": "رمز عبور",
    "Password again": "تکرار رمز عبور",
    "New password": "رمز عبور جدید",
    "New password again": "تکرار رمز عبور جدید",
    "Role": "نقش",
    "Owner": "مدیر",
    "Cashier": "صندوق‌دار",
    "owner": "مدیر",
    "cashier": "صندوق‌دار",
    "Users": "کاربران",
    "Settings": "تنظیمات",
    "LoyaltyDesk": "LoyaltyDesk",
    "Quit": "خروج",
    "Shop name": "نام فروشگاه",
    "Toman": "تومان",
    "Rial": "ریال",
    "toman": "تومان",
    "rial": "ریال",
    "No logo": "بدون لوگو",
    "Choose a logo…": "انتخاب لوگو…",
    "Shop logo": "لوگوی فروشگاه",
    "Pictures (*.png *.jpg *.jpeg)": "تصویرها (*.png *.jpg *.jpeg)",
    "No limit": "بدون محدودیت",
    "Uses in all": "دفعات استفادهٔ کل",
    "Per member": "برای هر عضو",
    "%1%": "%1٪",
    "Colour": "رنگ",
    "Points multiplier": "ضریب امتیاز",
    "Birthday bonus": "هدیهٔ تولد",
    "Qualifying spend": "خرید لازم برای سطح",

    # AddUserDialog
    "New user": "کاربر جدید",
    "Name shown": "نام نمایشی",
    "A cashier finds and signs up members and registers purchases; an owner may do everything.":
        "صندوق‌دار عضو پیدا و ثبت‌نام می‌کند و خرید ثبت می‌کند؛ مدیر به همه‌چیز دسترسی دارد.",
    "Add user": "افزودن کاربر",

    # AuditLog: what was done, which field changed, which kind of thing
    "changed the club settings": "تنظیمات باشگاه را تغییر داد",
    "changed the logo": "لوگو را تغییر داد",
    "changed the survey aspects": "موضوع‌های نظرسنجی را تغییر داد",
    "set up the club": "باشگاه را راه‌اندازی کرد",
    "added a tier": "سطح تازه‌ای افزود",
    "edited a tier": "سطحی را ویرایش کرد",
    "reviewed the tiers": "سطح‌ها را بازبینی کرد",
    "added a coupon": "کوپن تازه‌ای افزود",
    "enabled or disabled a coupon": "کوپنی را فعال یا غیرفعال کرد",
    "added a user": "کاربر تازه‌ای افزود",
    "changed a user": "کاربری را تغییر داد",
    "reset a password": "رمز عبوری را از نو تعیین کرد",
    "changed their password": "رمز عبور خود را تغییر داد",
    "signed in": "وارد شد",
    "failed to sign in": "ورود ناموفق",
    "signed up a member": "عضو تازه‌ای ثبت‌نام کرد",
    "edited a member": "مشخصات عضوی را ویرایش کرد",
    "blocked or unblocked a member": "عضوی را مسدود یا آزاد کرد",
    "adjusted points": "امتیاز را اصلاح کرد",
    "refunded a purchase": "خریدی را مرجوع کرد",
    "expired old points": "امتیازهای کهنه را منقضی کرد",
    "granted birthday bonuses": "هدیه‌های تولد را داد",
    "printed member cards": "کارت عضویت چاپ کرد",
    "recorded a survey": "نظرسنجی ثبت کرد",
    "made a backup": "پشتیبان گرفت",
    "made an automatic backup": "پشتیبان خودکار گرفته شد",
    "restored a backup": "پشتیبان را بازگردانی کرد",
    "shop name": "نام فروشگاه",
    "display unit": "واحد نمایش",
    "spend for one point": "خرید لازم برای یک امتیاز",
    "point value": "ارزش هر امتیاز",
    "redemption cap": "سقف پرداخت با امتیاز",
    "expiry (months)": "انقضا (ماه)",
    "qualifying window": "بازهٔ محاسبهٔ سطح",
    "referral bonus": "هدیهٔ معرفی",
    "thank-you line": "جملهٔ تشکر",
    "backup folder": "پوشهٔ پشتیبان",
    "daily backups kept": "تعداد پشتیبان‌های روزانه",
    "weekly backups kept": "تعداد پشتیبان‌های هفتگی",
    "name": "نام",
    "threshold": "آستانه",
    "discount": "تخفیف",
    "multiplier": "ضریب",
    "birthday bonus": "هدیهٔ تولد",
    "colour": "رنگ",
    "active": "فعال",
    "role": "نقش",
    "display name": "نام نمایشی",
    "user name": "نام کاربری",
    "code": "کد",
    "percent": "درصد",
    "amount": "مبلغ",
    "uses in all": "دفعات استفادهٔ کل",
    "Everything": "همه",
    "Backups and restores": "پشتیبان‌گیری و بازگردانی",

    # AuditTab
    "When": "زمان",
    "Who": "کاربر",
    "What": "اقدام",
    "Which": "مورد",
    "Before → after": "قبل ← بعد",
    "Show": "نمایش",
    "Every change to the club is kept here; the log cannot be edited.":
        "هر تغییری در باشگاه این‌جا ثبت می‌شود؛ این فهرست ویرایش‌شدنی نیست.",

    # BackupsTab
    "The backups folder beside the club's database": "پوشهٔ backups کنار پایگاه دادهٔ باشگاه",
    "Backup folder": "پوشهٔ پشتیبان",
    "Keep automatic backups of the last (days)": "نگه‌داری پشتیبان‌های خودکار روزهای اخیر (روز)",
    "…and one a week for (weeks)": "…و هفته‌ای یکی به مدت (هفته)",
    "Optional: seals the backup; needed to restore it": "اختیاری: پشتیبان را رمزگذاری می‌کند؛ برای بازگردانی لازم است",
    "Passphrase": "عبارت عبور",
    "Back up now": "پشتیبان‌گیری همین حالا",
    "File": "فایل",
    "Made": "تاریخ تهیه",
    "Size": "اندازه",
    "Sealed": "رمزگذاری‌شده",
    "Check": "بررسی",
    "Restore…": "بازگردانی…",
    "%1 KB": "%1 کیلوبایت",
    "Automatic": "خودکار",
    "By hand": "دستی",
    "Backed up to %1.": "پشتیبان در %1 ذخیره شد.",
    "%1 is sound: %2 members, %3 purchases.": "%1 سالم است: %2 عضو، %3 خرید.",
    "Restore a backup": "بازگردانی پشتیبان",
    "Replace the whole club with the backup of %1 (%2)?\n\nThe club as it is now is kept aside first, so this can be undone.":
        "همهٔ باشگاه با پشتیبانِ %1 (%2) جایگزین شود؟\n\nباشگاه در وضع فعلی پیش از آن کنار گذاشته می‌شود، پس این کار برگشت‌پذیر است.",
    "Restore": "بازگردانی",
    "Restored %1. The club as it was is kept at %2.": "%1 بازگردانی شد. باشگاه در وضع قبلی در %2 نگه داشته شد.",
    "The check found %1 problem(s) in the restored club.": "بررسی، %1 مشکل در باشگاه بازگردانی‌شده پیدا کرد.",

    # CashierPage
    "Scan a card, or type a mobile, its last digits or a name": "کارت را اسکن کنید، یا موبایل، چند رقم آخر آن یا نام را بنویسید",
    "New member (F2)": "عضو جدید (F2)",
    "Use most": "حداکثر",
    "Redeem points": "استفاده از امتیاز",
    "Register purchase (F9)": "ثبت خرید (F9)",
    "Print receipt": "چاپ رسید",
    "Sign up": "ثبت‌نام",
    "%n member(s) found.": "%n عضو پیدا شد.",
    "No member found. Press F2 to sign up a new member.": "عضوی پیدا نشد. برای ثبت‌نام عضو جدید F2 را بزنید.",
    "Member opened. Type the amount and press Enter.": "عضو باز شد. مبلغ را بنویسید و Enter را بزنید.",
    "Use most (%1)": "حداکثر (%1)",
    "Registered: %1 paid, %2 points earned; balance %3.": "ثبت شد: %1 پرداخت شد، %2 امتیاز کسب شد؛ مانده %3.",
    "Congratulations! The member moved up to %1.": "تبریک! عضو به سطح %1 ارتقا یافت.",
    "Welcome to the club! Card %1 is ready.": "به باشگاه خوش آمدید! کارت %1 آماده است.",

    # ChangePasswordDialog / ResetPasswordDialog
    "Change my password": "تغییر رمز عبور من",
    "A new password for %1. You need your current one.": "رمز عبور تازه برای %1. رمز فعلی‌تان لازم است.",
    "Current password": "رمز عبور فعلی",
    "Change password": "تغییر رمز عبور",
    "Reset password": "تعیین دوبارهٔ رمز عبور",
    "A new password for %1. Tell it to them in person; they can change it later.":
        "رمز عبور تازه برای %1. آن را حضوری به ایشان بگویید؛ بعداً می‌توانند عوضش کنند.",
    "Set password": "ثبت رمز عبور",

    # CheckoutLinesView
    "Checkout": "صورت‌حساب",
    "To pay": "قابل پرداخت",
    "%1 points = %2": "%1 امتیاز = %2",

    # ClubSettingsPage
    "Shop": "فروشگاه",
    "Earn and redeem": "کسب و استفادهٔ امتیاز",
    "Backups": "پشتیبان‌ها",
    "Changes": "تغییرات",

    # CouponDialog / CouponsTab
    "New coupon": "کوپن جدید",
    "Percent off": "درصد تخفیف",
    "Amount off (%1)": "مبلغ تخفیف (%1)",
    "A member may use it more than once": "هر عضو می‌تواند بیش از یک بار استفاده کند",
    "Until (inclusive)": "تا (خودِ آن روز هم)",
    "Valid": "اعتبار",
    "Add coupon": "افزودن کوپن",
    "A coupon cannot be edited once made (receipts name it); disable it instead.":
        "کوپن پس از ساخت ویرایش‌شدنی نیست (نامش روی رسیدها آمده)؛ به‌جایش غیرفعالش کنید.",
    "New coupon…": "کوپن جدید…",
    "Once": "یک بار",
    "Many times": "چند بار",
    "Coupon %1 added.": "کوپن %1 افزوده شد.",
    "Coupon %1 enabled.": "کوپن %1 فعال شد.",
    "Coupon %1 disabled.": "کوپن %1 غیرفعال شد.",

    # FirstRunDialog
    "Welcome to LoyaltyDesk": "به LoyaltyDesk خوش آمدید",
    "Set up your shop's customer club. You can change all of this later in the club settings.":
        "باشگاه مشتریان فروشگاهتان را راه‌اندازی کنید. همهٔ این‌ها را بعداً در تنظیمات باشگاه می‌توانید تغییر دهید.",
    "The shop": "فروشگاه",
    "Prices in": "واحد قیمت‌ها",
    "Logo (optional)": "لوگو (اختیاری)",
    "The owner's account": "حساب مدیر",
    "Your name": "نام شما",
    "Create the club": "ساخت باشگاه",

    # LoyaltyError
    "Cannot write {path}: {reason}.": "نوشتن در {path} ممکن نیست: {reason}.",
    "Points to redeem cannot be negative.": "امتیاز مصرفی نمی‌تواند منفی باشد.",
    "The points balance is {balance}: nothing can be redeemed until it is positive.":
        "ماندهٔ امتیاز {balance} است: تا مثبت نشود، امتیازی قابل استفاده نیست.",
    "Only {balance} points are available; {points} were asked for.":
        "فقط {balance} امتیاز موجود است؛ {points} امتیاز درخواست شد.",
    "At most {max_points} points can be redeemed on this purchase ({cap} rials, {cap_percent}% of {base}).":
        "در این خرید حداکثر {max_points} امتیاز قابل استفاده است ({cap} ریال، {cap_percent}٪ از {base}).",
    "Points cannot be redeemed: the club gives a point no value.":
        "امتیاز قابل استفاده نیست: در باشگاه برای امتیاز ارزشی تعیین نشده است.",
    "The purchase amount must be more than zero.": "مبلغ خرید باید بیشتر از صفر باشد.",
    # the till's guard rails and the void (services)
    "A purchase cannot be more than {maximum} (the club's ceiling): check the amount.":
        "خرید بیش از {maximum} (سقف باشگاه) ثبت نمی‌شود: مبلغ را بررسی کنید.",
    "This amount must be more than zero.": "این مبلغ باید بیشتر از صفر باشد.",
    "A sale can be voided for 0 (never) to {maximum} minutes.": "مهلت ابطال فروش بین ۰ (هرگز) تا {maximum} دقیقه است.",
    "Purchase {purchase_id} was registered by another user: only they can void it; the owner can refund it.":
        "خرید {purchase_id} را کاربر دیگری ثبت کرده است: فقط همان کاربر می‌تواند آن را باطل کند؛ مدیر می‌تواند آن را مرجوع کند.",
    "Purchase {purchase_id} can no longer be voided (only within {minutes} minutes of registering); the owner can refund it.":
        "خرید {purchase_id} دیگر باطل نمی‌شود (فقط تا {minutes} دقیقه پس از ثبت)؛ مدیر می‌تواند آن را مرجوع کند.",
    "The club does not allow voiding sales; the owner can refund purchase {purchase_id}.":
        "در این باشگاه ابطال فروش مجاز نیست؛ مدیر می‌تواند خرید {purchase_id} را مرجوع کند.",
    "Purchase {purchase_id} has already been voided or refunded.": "خرید {purchase_id} پیش‌تر باطل یا مرجوع شده است.",
    "void purchase": "ابطال خرید",
    "Sale voided by the cashier": "فروش به دست صندوق‌دار باطل شد",
    "voided their sale": "فروش خود را باطل کرد",
    # the cashier's till
    "That was typed at a scanner's speed: it is not taken as an amount, and nothing was registered. "
    "Type the amount by hand.":
        "این ارقام با سرعت اسکنر وارد شد: مبلغ حساب نمی‌شود و چیزی ثبت نشد. مبلغ را با دست وارد کنید.",
    "Card %1 was scanned: %2 is open. Nothing was registered.": "کارت %1 اسکن شد: پروندهٔ %2 باز است. چیزی ثبت نشد.",
    "Card %1 was scanned, and no member has it. It is not an amount: nothing was registered.":
        "کارت %1 اسکن شد و عضوی با این کارت نیست. این عدد مبلغ نیست: چیزی ثبت نشد.",
    "Void last sale (F6)": "ابطال آخرین فروش (F6)",
    "Registered. Scan or find the next customer.": "ثبت شد. کارت مشتری بعدی را اسکن کنید یا او را پیدا کنید.",
    "Print receipt (F4)": "چاپ رسید (F4)",
    "%1 is more than the largest purchase the club allows (%2): check the amount. Nothing was registered.":
        "%1 بیش از بزرگ‌ترین خریدی است که باشگاه می‌پذیرد (%2): مبلغ را بررسی کنید. چیزی ثبت نشد.",
    "A large purchase": "خرید بزرگ",
    "<p>Register a purchase of</p><p style='font-size:20pt'><b>%1</b></p>"
    "<p>for %2? It is more than %3, the amount above which the till asks.</p>":
        "<p>ثبت خریدی به مبلغ</p><p style='font-size:20pt'><b>%1</b></p>"
        "<p>برای %2؟ این مبلغ بیش از %3 است، مبلغی که بالاتر از آن صندوق تأیید می‌خواهد.</p>",
    "Register this amount": "همین مبلغ ثبت شود",
    "Cancel, fix the amount": "انصراف، اصلاح مبلغ",
    "Not registered: the amount is still there to correct.": "ثبت نشد: مبلغ برای اصلاح سر جایش است.",
    "Purchase %1 of %2: it can be voided until %3.": "خرید %1 به مبلغ %2: تا %3 قابل ابطال است.",
    "Void the last sale": "ابطال آخرین فروش",
    "Void purchase %1 of %2 (card %3)? Its points are taken back and any points it used are given back, "
    "as if it had not been made.":
        "خرید %1 به مبلغ %2 (کارت %3) باطل شود؟ امتیازهای آن پس گرفته و امتیازهایی که در آن مصرف شده "
        "بازگردانده می‌شود، گویی این خرید انجام نشده است.",
    "Void this sale": "این فروش باطل شود",
    "Keep it": "نگه داشته شود",
    "Purchase %1 voided: %2 to pay back; the member's balance is %3.":
        "خرید %1 باطل شد: %2 به مشتری برگردانده شود؛ ماندهٔ امتیاز عضو %3 است.",
    "Last sale (purchase %1), registered": "آخرین فروش (خرید %1)، ثبت‌شده",
    "Congratulations! %1 moved up to %2.": "تبریک! %1 به سطح %2 ارتقا یافت.",
    "The member": "عضو",
    "The till asks to confirm a purchase above": "صندوق برای خرید بیش از این مبلغ تأیید می‌خواهد",
    "The largest purchase the till accepts": "بزرگ‌ترین خریدی که صندوق می‌پذیرد",
    "A cashier may void their own sale within (minutes)": "صندوق‌دار تا این چند دقیقه می‌تواند فروش خودش را باطل کند",
    "The till asks to confirm a purchase above (%1)": "صندوق برای خرید بیش از این مبلغ تأیید می‌خواهد (%1)",
    "The largest purchase the till accepts (%1)": "بزرگ‌ترین خریدی که صندوق می‌پذیرد (%1)",
    "Not found.": "پیدا نشد.",
    "Your role may not do this.": "نقش شما اجازهٔ این کار را ندارد.",
    "Mobile {mobile} already belongs to member {name} (card {card}).":
        "موبایل {mobile} پیش‌تر برای عضو {name} (کارت {card}) ثبت شده است.",
    "{value!r} is not an Iranian mobile number (09 and 9 more digits, e.g. 09121234567).":
        "{value!r} شمارهٔ موبایل ایرانی نیست (۰۹ و ۹ رقم دیگر، مثلاً ۰۹۱۲۱۲۳۴۵۶۷).",
    "{value!r} is not a valid national code (10 digits with a correct check digit).":
        "{value!r} کد ملی معتبری نیست (۱۰ رقم با رقم کنترل درست).",
    "{value!r} is not a valid card number (12 digits with a correct check digit).":
        "{value!r} شمارهٔ کارت معتبری نیست (۱۲ رقم با رقم کنترل درست).",
    "{value!r} is not a Jalali date (year/month/day, e.g. 1403/12/30).":
        "{value!r} تاریخ شمسی نیست (سال/ماه/روز، مثلاً ۱۴۰۳/۱۲/۳۰).",
    "{value!r} does not exist: {month} {year} has {days} days.":
        "{value!r} وجود ندارد: {month} {year} {days} روز دارد.",
    "{value!r} is not a date and time (ISO 8601, e.g. 2025-03-20T14:30, or Jalali in Tehran "
    "time, e.g. 1404/09/02 14:30).":
        "{value!r} تاریخ و ساعت نیست (شمسی به وقت تهران، مثلاً ۱۴۰۴/۰۹/۰۲ ۱۴:۳۰، یا ISO 8601، مثلاً 2025-03-20T14:30).",
    "{value!r} is not a birthday: give a Jalali date from {first} to today ({last}).":
        "{value!r} تاریخ تولد نیست: تاریخی شمسی از {first} تا امروز ({last}) بدهید.",
    "{value!r} looks like a Gregorian date; the Jalali date is asked here: {jalali}.":
        "{value!r} تاریخ میلادی به نظر می‌رسد؛ اینجا تاریخ شمسی خواسته می‌شود: {jalali}.",
    "{value!r} is not an amount: thousands are grouped by three digits (12,500); a decimal part "
    "takes a point (12.5).":
        "{value!r} مبلغ نیست: هزارگان سه‌رقمی جدا می‌شوند (۱۲٬۵۰۰) و بخش اعشاری با ممیز می‌آید (۱۲٫۵).",
    "{value!r} is not between the years {first} and {last}.": "{value!r} بین سال‌های {first} و {last} نیست.",
    "{value!r} is not a Jalali month.": "{value!r} ماه شمسی نیست.",
    "{value!r} is not an amount of money.": "{value!r} مبلغ پول نیست.",
    "An amount cannot be negative.": "مبلغ نمی‌تواند منفی باشد.",
    "{value!r} is too large for an amount.": "{value!r} برای مبلغ بیش از حد بزرگ است.",
    "{value!r} has a fraction of a rial; amounts are whole rials.":
        "{value!r} کسری از ریال دارد؛ مبلغ‌ها ریال کامل‌اند.",
    "{value!r} is not a percent between 0 and {maximum}.": "{value!r} درصدی بین ۰ و {maximum} نیست.",
    "{value!r} is not a whole number.": "{value!r} عدد صحیح نیست.",
    "{value!r} must be between {minimum} and {maximum}.": "{value!r} باید بین {minimum} و {maximum} باشد.",
    "{value!r} is less than {minimum}.": "{value!r} کمتر از {minimum} است.",
    "{value!r} is more than {maximum}.": "{value!r} بیشتر از {maximum} است.",
    "A user name is 2 to 32 English letters, digits, dot, dash or underscore.":
        "نام کاربری ۲ تا ۳۲ حرف انگلیسی، رقم، نقطه، خط تیره یا زیرخط است.",
    "A password needs at least {n} characters.": "رمز عبور دست‌کم {n} نویسه لازم دارد.",
    "A password may not begin or end with a space.": "رمز عبور نباید با فاصله شروع یا تمام شود.",
    "The two passwords differ.": "دو رمز عبور یکسان نیستند.",
    "The shop needs a name.": "فروشگاه نام لازم دارد.",
    "The display unit is toman or rial.": "واحد نمایش تومان یا ریال است.",
    "Rials per point must be at least 1.": "ریال لازم برای هر امتیاز دست‌کم ۱ است.",
    "A point's value cannot be negative.": "ارزش امتیاز نمی‌تواند منفی باشد.",
    "The redemption cap is a percent between 0 and 100.": "سقف پرداخت با امتیاز درصدی بین ۰ و ۱۰۰ است.",
    "Expiry is between 0 (never) and 120 months.": "انقضا بین ۰ (هرگز) و ۱۲۰ ماه است.",
    "The qualifying window is rolling12 or jalali-year.": "بازهٔ محاسبهٔ سطح rolling12 یا jalali-year است.",
    "The referral bonus cannot be negative.": "هدیهٔ معرفی نمی‌تواند منفی باشد.",
    "The backup folder is not a usable path.": "پوشهٔ پشتیبان مسیر قابل استفاده‌ای نیست.",
    "Daily backups kept is between 1 and 366.": "تعداد پشتیبان‌های روزانه بین ۱ و ۳۶۶ است.",
    "Weekly backups kept is between 0 and 520.": "تعداد پشتیبان‌های هفتگی بین ۰ و ۵۲۰ است.",
    "The recommendation score is a whole number from 0 to 10, not {value!r}.":
        "نمرهٔ توصیه عددی صحیح از ۰ تا ۱۰ است، نه {value!r}.",
    "{aspect}: stars are a whole number from 1 to 5, not {value!r}.":
        "{aspect}: ستاره‌ها عددی صحیح از ۱ تا ۵ است، نه {value!r}.",
    "{aspect!r} is not one of the aspects the club asks about ({aspects}).":
        "{aspect!r} از موضوع‌های نظرسنجی باشگاه نیست ({aspects}).",
    "The comment is too long (at most {limit} characters).": "نظر بیش از حد بلند است (حداکثر {limit} نویسه).",
    "Give between 1 and {limit} aspects, each a short name used once.":
        "بین ۱ تا {limit} موضوع بدهید، هر کدام یک نام کوتاه و تکراری‌نشده.",
    "The note is too long (at most {limit} characters).": "یادداشت بیش از حد بلند است (حداکثر {limit} نویسه).",
    "Say how it was resolved: a resolution is required.": "بنویسید چطور حل شد: شرح راه‌حل لازم است.",
    "{value!r} is not a complaint category ({categories}).": "{value!r} دستهٔ شکایت نیست ({categories}).",
    "Describe the complaint or return in a few words.": "شکایت یا مرجوعی را در چند کلمه شرح دهید.",
    "Follow-up {id} is {status}; it cannot be marked {target}.":
        "پیگیری {id} در وضعیت {status} است؛ نمی‌شود آن را {target} کرد.",
    "A tier needs a name.": "سطح نام لازم دارد.",
    "There is already a tier named {name}.": "سطحی به نام {name} از قبل هست.",
    "Tier {other} already has the threshold {threshold}; thresholds must differ.":
        "سطح {other} همین آستانهٔ {threshold} را دارد؛ آستانه‌ها باید متفاوت باشند.",
    "A tier's threshold cannot be negative.": "آستانهٔ سطح نمی‌تواند منفی باشد.",
    "A tier's discount is a percent between 0 and 100.": "تخفیف سطح درصدی بین ۰ و ۱۰۰ است.",
    "The points multiplier must be between 0% and 1000%.": "ضریب امتیاز باید بین ۰٪ و ۱۰۰۰٪ باشد.",
    "The birthday bonus cannot be negative.": "هدیهٔ تولد نمی‌تواند منفی باشد.",
    "{value!r} is not a colour like #c0a062.": "{value!r} رنگی مانند #c0a062 نیست.",
    "Something went wrong and was written to the error log. Nothing was half-saved; please try again.":
        "مشکلی پیش آمد و در گزارش خطاها ثبت شد. چیزی نیمه‌کاره ذخیره نشد؛ لطفاً دوباره امتحان کنید.",
    "There are no cards to print.": "کارتی برای چاپ نیست.",
    "{layout!r} is not a card layout (sheet or single).": "{layout!r} چیدمان کارت نیست (sheet یا single).",
    "{card!r} is not a card number that can be printed.": "{card!r} شمارهٔ کارتی نیست که بشود چاپ کرد.",
    "The logo {logo} cannot be read as an image.": "لوگوی {logo} به‌صورت تصویر خوانده نمی‌شود.",
    "{width} mm is not a receipt roll width (80 or 58).": "{width} میلی‌متر عرض رول رسید نیست (۸۰ یا ۵۸).",
    "There is no backup file {path}.": "فایل پشتیبان {path} وجود ندارد.",
    "The backup {name} is encrypted: give its passphrase.": "پشتیبان {name} رمزگذاری شده است: عبارت عبورش را وارد کنید.",
    "The passphrase is wrong, or the backup {name} is damaged.": "عبارت عبور نادرست است، یا پشتیبان {name} آسیب دیده است.",
    "The backup {name} was encrypted by a newer LoyaltyDesk (format {version}); update the program first.":
        "پشتیبان {name} با نسخهٔ جدیدتری از LoyaltyDesk رمزگذاری شده (قالب {version})؛ اول برنامه را به‌روز کنید.",
    "A backup passphrase is at least {minimum} characters.": "عبارت عبور پشتیبان دست‌کم {minimum} نویسه است.",
    "the file is cut short": "فایل ناقص است",
    "Cannot use the backup folder {folder}: {reason}.": "استفاده از پوشهٔ پشتیبان {folder} ممکن نیست: {reason}.",
    "Enter the amount of the purchase.": "مبلغ خرید را وارد کنید.",
    "SQLite integrity check: {detail}": "بررسی سلامت SQLite: {detail}",
    "Row {rowid} of {table} points at a missing row of {parent}.":
        "ردیف {rowid} از {table} به ردیفی از {parent} اشاره می‌کند که وجود ندارد.",
    "The member name search index disagrees with the members.": "نمایهٔ جست‌وجوی نام اعضا با فهرست اعضا هم‌خوان نیست.",
    "Member {card}: cached balance {cached} but the ledger sums to {ledger}.":
        "عضو {card}: ماندهٔ ذخیره‌شده {cached} است اما جمع دفتر امتیاز {ledger} می‌شود.",
    "Member {member_id}: lot {lot} holds {stored} points but the ledger leaves {expected}.":
        "عضو {member_id}: دستهٔ امتیاز {lot} {stored} امتیاز دارد اما طبق دفتر باید {expected} باشد.",
    "Lot {lot}: its member or expiry differs from the ledger entry that opened it.":
        "دستهٔ امتیاز {lot}: عضو یا انقضای آن با ردیف دفتری که آن را ساخته فرق دارد.",
    "Member {card}: the stored {column} does not match the member's details; search would miss them.":
        "عضو {card}: {column} ذخیره‌شده با مشخصات عضو نمی‌خواند؛ جست‌وجو او را پیدا نمی‌کند.",
    "{table} row {rowid}: {value!r} is not a stored UTC moment.": "{table} ردیف {rowid}: {value!r} زمان UTC ذخیره‌شده نیست.",
    "Purchase {purchase_id}: marked {cached} refunded but its refunds sum to {refunds}.":
        "خرید {purchase_id}: مبلغ مرجوعی {cached} ثبت شده اما جمع مرجوعی‌هایش {refunds} است.",
    "Purchase {purchase_id}: earned {earned} / redeemed {redeemed} in the ledger, {points_earned} / {points_redeemed} on the purchase.":
        "خرید {purchase_id}: در دفتر امتیاز {earned} کسب‌شده / {redeemed} استفاده‌شده، و روی خرید {points_earned} / {points_redeemed}.",
    "Refund {refund_id}: reversed {reversed} / returned {returned} in the ledger, {points_reversed} / {points_returned} on the refund.":
        "مرجوعی {refund_id}: در دفتر امتیاز {reversed} برگشت‌خورده / {returned} بازگردانده، و روی مرجوعی {points_reversed} / {points_returned}.",
    "Member {card}: in tier {tier} but the tier history last moved them to {history}.":
        "عضو {card}: در سطح {tier} است اما در تاریخچهٔ سطح آخرین بار به {history} رفته است.",
    "Member {member_id}: the report figures disagree with their purchases; run `loyaltydesk report rebuild`.":
        "عضو {member_id}: ارقام گزارش با خریدهایش نمی‌خواند؛ `loyaltydesk report rebuild` را اجرا کنید.",
    "Period {period}: the report figures ({what}) disagree with the purchases; run `loyaltydesk report rebuild`.":
        "دورهٔ {period}: ارقام گزارش ({what}) با خریدها نمی‌خواند؛ `loyaltydesk report rebuild` را اجرا کنید.",
    "Follow-up check ({what}) fails for {id}.": "بررسی پیگیری ({what}) برای {id} ناموفق است.",
    "Member {card}: spend {spend} reaches tier {deserved} but the member is in {tier}; run the tier review.":
        "عضو {card}: خرید {spend} به سطح {deserved} می‌رسد اما عضو در {tier} است؛ بازبینی سطح‌ها را اجرا کنید.",
    "Member {card} is blocked: no purchases or redemptions.": "عضو {card} مسدود است: خرید و استفاده از امتیاز ممکن نیست.",
    "There is no coupon {code}.": "کوپن {code} وجود ندارد.",
    "Coupon {code} is not valid now.": "کوپن {code} اکنون معتبر نیست.",
    "Coupon {code} has been used up.": "ظرفیت کوپن {code} تمام شده است.",
    "This member has already used coupon {code}.": "این عضو قبلاً از کوپن {code} استفاده کرده است.",
    "The member joined at {joined}: a purchase cannot be earlier.": "عضو در {joined} عضو شده است: خرید نمی‌تواند زودتر باشد.",
    "A purchase cannot be registered in the future.": "خرید را نمی‌شود با تاریخ آینده ثبت کرد.",
    "There is no purchase {purchase_id}.": "خرید {purchase_id} وجود ندارد.",
    "Purchase {purchase_id} has already been refunded in full.": "خرید {purchase_id} قبلاً به‌طور کامل مرجوع شده است.",
    "At most {remaining} rials of purchase {purchase_id} can still be refunded.":
        "از خرید {purchase_id} حداکثر {remaining} ریال دیگر قابل مرجوعی است.",
    "A refund amount must be more than zero.": "مبلغ مرجوعی باید بیشتر از صفر باشد.",
    "A checkout key is 1 to 64 letters, digits or dashes.": "کلید صورت‌حساب ۱ تا ۶۴ نویسه از حروف، رقم یا خط تیره است.",
    "This checkout was already registered as purchase {purchase_id} with another member or amount; start a new checkout.":
        "این صورت‌حساب قبلاً با عضو یا مبلغ دیگری به‌عنوان خرید {purchase_id} ثبت شده است؛ صورت‌حساب تازه‌ای شروع کنید.",
    "There is no tier named {name}.": "سطحی به نام {name} وجود ندارد.",
    "Coupon {code} already exists.": "کوپن {code} از قبل وجود دارد.",
    "A coupon takes either a percent or an amount, not both.": "کوپن یا درصد دارد یا مبلغ، نه هر دو.",
    "A coupon's maximum uses is at least 1 (or no limit).": "حداکثر دفعات استفاده از کوپن دست‌کم ۱ است (یا بدون محدودیت).",
    "A coupon must end after it starts.": "پایان کوپن باید پس از شروع آن باشد.",
    "A coupon code is 2 to 32 letters or digits.": "کد کوپن ۲ تا ۳۲ حرف یا رقم است.",
    "The club is not empty; demo data goes only into a new club.":
        "باشگاه خالی نیست؛ داده‌های نمایشی فقط به باشگاه تازه افزوده می‌شود.",
    "Choose whose cards to print: all members, a tier, or those who joined since a date.":
        "انتخاب کنید کارت چه کسانی چاپ شود: همهٔ اعضا، یک سطح، یا عضوهای تازه از یک تاریخ به بعد.",
    "Give at least one card number or mobile.": "دست‌کم یک شمارهٔ کارت یا موبایل بدهید.",
    "No active member matches; there is no card to print.": "عضو فعالی پیدا نشد؛ کارتی برای چاپ نیست.",
    "There is no follow-up item {id}.": "پیگیری {id} وجود ندارد.",
    "Purchase {purchase_id} is not this member's.": "خرید {purchase_id} مال این عضو نیست.",
    "There is no refund {refund_id}.": "مرجوعی {refund_id} وجود ندارد.",
    "There is no survey {survey_id}.": "نظرسنجی {survey_id} وجود ندارد.",
    "Refund {refund_id} is not of purchase {purchase_id}.": "مرجوعی {refund_id} مربوط به خرید {purchase_id} نیست.",
    "No member has the card or mobile {key!r}.": "هیچ عضوی کارت یا موبایل {key!r} را ندارد.",
    "{key!r} is neither a card number nor a mobile number.": "{key!r} نه شمارهٔ کارت است و نه شمارهٔ موبایل.",
    "National code {code} already belongs to member {name} (card {card}).":
        "کد ملی {code} پیش‌تر برای عضو {name} (کارت {card}) ثبت شده است.",
    "A member cannot refer themselves.": "عضو نمی‌تواند خودش را معرفی کند.",
    "Gender is f or m.": "جنسیت f یا m است.",
    "A name is at most 60 characters.": "نام حداکثر ۶۰ نویسه است.",
    "The list cannot be sorted by {sort!r}.": "فهرست را نمی‌شود بر اساس {sort!r} مرتب کرد.",
    "Status is active or blocked.": "وضعیت active (فعال) یا blocked (مسدود) است.",
    "The end date {to} is before the start date {start}.": "تاریخ پایان {to} پیش از تاریخ شروع {start} است.",
    "An adjustment must add or remove at least one point.": "اصلاح امتیاز باید دست‌کم یک امتیاز بیفزاید یا بکاهد.",
    "An adjustment needs a reason.": "اصلاح امتیاز دلیل لازم دارد.",
    "An adjustment is at most {maximum} points.": "اصلاح امتیاز حداکثر {maximum} امتیاز است.",
    "A {role} may not {action}; ask the owner.": "نقش {role} اجازهٔ «{action}» را ندارد؛ از مدیر بخواهید.",
    "The survey of purchase {purchase_id} has already been answered.": "نظرسنجی خرید {purchase_id} قبلاً پاسخ داده شده است.",
    "This club already has an owner; sign in instead.": "این باشگاه از قبل مدیر دارد؛ به‌جای آن وارد شوید.",
    "Wrong user name or password.": "نام کاربری یا رمز عبور نادرست است.",
    "Too many wrong tries: wait {seconds} seconds and try again.":
        "تلاش‌های نادرست زیاد شد: {seconds} ثانیه صبر کنید و دوباره امتحان کنید.",
    "There is no user {username}.": "کاربر {username} وجود ندارد.",
    "The user name {username} is taken.": "نام کاربری {username} قبلاً گرفته شده است.",
    "The club needs at least one active owner.": "باشگاه دست‌کم یک مدیر فعال لازم دارد.",
    "You cannot deactivate or demote yourself.": "نمی‌توانید خودتان را غیرفعال کنید یا نقشتان را پایین بیاورید.",
    "The current password is wrong.": "رمز عبور فعلی نادرست است.",
    "The logo is too big: at most {kb} KB.": "لوگو بیش از حد بزرگ است: حداکثر {kb} کیلوبایت.",
    "The logo must be a PNG or JPEG picture.": "لوگو باید تصویر PNG یا JPEG باشد.",
    "Choose a role.": "نقشی را انتخاب کنید.",
    "The backup {name} is damaged: {detail}": "پشتیبان {name} آسیب دیده است: {detail}",
    "{name} is not a LoyaltyDesk club database.": "{name} پایگاه دادهٔ باشگاه LoyaltyDesk نیست.",
    "{name} was made by a newer LoyaltyDesk (it has {unknown}); update the program first.":
        "{name} با نسخهٔ جدیدتری از LoyaltyDesk ساخته شده ({unknown} دارد)؛ اول برنامه را به‌روز کنید.",
    "Cannot write the backup to {path}: {reason}.": "نوشتن پشتیبان در {path} ممکن نیست: {reason}.",
    "The club database is busy with another window or computer: the purchase or change was "
    "NOT registered. Try again in a moment.":
        "پایگاه دادهٔ باشگاه در پنجره یا رایانهٔ دیگری در حال استفاده است: خرید یا تغییر ثبت نشد. کمی بعد دوباره امتحان کنید.",
    "There is no club at {path}. Check the file's name and folder; a new club is made only "
    "by 'loyaltydesk init' or the first start of the desktop app.":
        "باشگاهی در {path} نیست. نام و پوشهٔ فایل را بررسی کنید؛ باشگاه تازه فقط با 'loyaltydesk init' یا نخستین اجرای برنامه ساخته می‌شود.",
    "The disk holding the club is full: the purchase or change was NOT registered. Free some "
    "space on that disk (empty the recycle bin, move old files away), then do it again.":
        "دیسکی که باشگاه روی آن است پر شده است: خرید یا تغییر ثبت نشد. روی آن دیسک جا باز کنید (سطل بازیافت را خالی کنید، فایل‌های قدیمی را جابه‌جا کنید) و دوباره انجام دهید.",
    "The club file or its folder can only be read (read-only, or a write-protected disk): the "
    "purchase or change was NOT registered. Make the file and its folder writable, or copy the club to a "
    "writable disk, then do it again.":
        "فایل باشگاه یا پوشهٔ آن فقط‌خواندنی است (فقط‌خواندنی یا دیسک محافظت‌شده در برابر نوشتن): خرید یا تغییر ثبت نشد. فایل و پوشه‌اش را قابل نوشتن کنید یا باشگاه را به دیسکی قابل نوشتن کپی کنید و دوباره انجام دهید.",
    "The disk could not read or write the club file (an input/output error: a failing disk, a "
    "removed USB stick or a lost network drive): the purchase or change was NOT registered. Check the disk; "
    "if this repeats, copy your backups to another disk and restore the latest one there.":
        "دیسک نتوانست فایل باشگاه را بخواند یا بنویسد (خطای ورودی/خروجی: دیسک معیوب، فلش جداشده یا درایو شبکهٔ قطع‌شده): خرید یا تغییر ثبت نشد. دیسک را بررسی کنید؛ اگر تکرار شد، پشتیبان‌ها را به دیسک دیگری کپی کنید و آخرینشان را آنجا بازیابی کنید.",
    "The club file is damaged ({detail}): nothing more is registered in it. Restore the latest "
    "backup (the command 'loyaltydesk restore FILE'; the backups are in the 'backups' folder beside the club).":
        "فایل باشگاه آسیب دیده است ({detail}): دیگر چیزی در آن ثبت نمی‌شود. آخرین پشتیبان را بازیابی کنید (فرمان 'loyaltydesk restore FILE'؛ پشتیبان‌ها در پوشهٔ 'backups' کنار باشگاه‌اند).",
    "The club file {path} was deleted or replaced while this was being saved: the purchase or "
    "change was NOT registered in it. Open the club again (restore a backup if it was deleted).":
        "فایل باشگاه {path} هنگام ذخیره پاک یا جایگزین شد: خرید یا تغییر در آن ثبت نشد. باشگاه را دوباره باز کنید (اگر پاک شده، پشتیبانی را بازیابی کنید).",
    "Cannot open {path}: {reason}.": "باز کردن {path} ممکن نیست: {reason}.",
    "{path} is not a LoyaltyDesk database or is damaged.": "{path} پایگاه دادهٔ LoyaltyDesk نیست یا آسیب دیده است.",
    "The period ends before it starts.": "پایان دوره پیش از شروع آن است.",
    "{value!r}: give stars as ASPECT=N, e.g. service=5.": "{value!r}: ستاره‌ها را به شکل ASPECT=N بدهید، مثلاً service=5.",
    "Cannot read the passphrase file {path}: {reason}.": "خواندن فایل عبارت عبور {path} ممکن نیست: {reason}.",
    "{value!r}: a column mapping is FIELD=COLUMN, e.g. mobile=موبایل.":
        "{value!r}: نگاشت ستون به شکل FIELD=COLUMN است، مثلاً mobile=موبایل.",
    "{name}: choose a file name ending in .xlsx or .csv.": "{name}: نام فایلی با پسوند .xlsx یا .csv انتخاب کنید.",
    "Cannot read {name}: {reason}": "خواندن {name} ممکن نیست: {reason}",
    # hostile files refused early, clean text
    "Rows %1 were not UTF-8 and were read as Windows-1256 (Arabic Windows) text: check their names.":
        "ردیف‌های %1 UTF-8 نبودند و به‌صورت متن Windows-1256 (عربی ویندوز) خوانده شدند: نام‌هایشان را بررسی کنید.",
    "{what}: at most {maximum} characters (this one has {length}).":
        "{what}: حداکثر {maximum} نویسه (این یکی {length} نویسه دارد).",
    "{name} is {mb} MB; a member file is at most {maximum} MB: split it.":
        "{name} {mb} مگابایت است؛ فایل اعضا حداکثر {maximum} مگابایت است: آن را چند بخش کنید.",
    "{name} is not a workbook that can be read safely ({reason}); open it in Excel and save it again.":
        "{name} کارپوشه‌ای نیست که بتوان بی‌خطر خواند ({reason})؛ آن را در اکسل باز کنید و دوباره ذخیره کنید.",
    "Column {column} holds {length} characters; a cell is at most {maximum}.":
        "ستون {column} {length} نویسه دارد؛ هر خانه حداکثر {maximum} نویسه است.",
    "{name} is not a text file (rows {rows}); save it from Excel as \"CSV UTF-8\" or as .xlsx.":
        "{name} فایل متنی نیست (ردیف‌های {rows})؛ آن را در اکسل به‌صورت «CSV UTF-8» یا .xlsx ذخیره کنید.",
    "Rows {rows} of {name} are neither UTF-8 nor Windows-1256 (Arabic) text; "
    "save the file from Excel as \"CSV UTF-8\" and try again.":
        "ردیف‌های {rows} از {name} نه UTF-8 هستند نه Windows-1256 (عربی ویندوز)؛ "
        "فایل را در اکسل به‌صورت «CSV UTF-8» ذخیره کنید و دوباره امتحان کنید.",
    "{name} starts as Unicode (UTF-16) text but is damaged after that.":
        "{name} با متن یونیکد (UTF-16) شروع می‌شود اما پس از آن آسیب دیده است.",
    "Row {row} of {name} cannot be read: {reason}": "ردیف {row} از {name} خوانده نمی‌شود: {reason}",
    "{name} is an old Excel file (.xls): save it as .xlsx or .csv and try again.":
        "{name} فایل اکسل قدیمی (.xls) است: آن را به‌صورت .xlsx یا .csv ذخیره کنید و دوباره امتحان کنید.",
    "{name}: members are imported from an .xlsx or .csv file.": "{name}: اعضا از فایل .xlsx یا .csv وارد می‌شوند.",
    "{name} has no header row with column names.": "{name} ردیف سرستون با نام ستون‌ها ندارد.",
    "No column of {name} looks like the mobile number; choose it in the column mapping.":
        "هیچ ستونی از {name} شبیه شمارهٔ موبایل نیست؛ آن را در نگاشت ستون‌ها انتخاب کنید.",
    "The file has no column {column!r} (for {field}).": "فایل ستون {column!r} (برای {field}) را ندارد.",
    "{field!r} is not a member field that can be imported.": "{field!r} از مشخصات قابل ورود عضو نیست.",
    "{name} changed since the preview; preview it again.": "{name} پس از پیش‌نمایش تغییر کرده است؛ دوباره پیش‌نمایش بگیرید.",
    "For a mobile already in the club, choose skip or merge.":
        "برای موبایلی که در باشگاه هست، skip (رد شدن) یا merge (ادغام) را انتخاب کنید.",
    "{name} has more than {maximum} rows; split it.": "{name} بیش از {maximum} ردیف دارد؛ آن را چند تکه کنید.",
    "The mobile number is empty.": "شمارهٔ موبایل خالی است.",
    "Mobile {mobile} is already on row {row} of this file.": "موبایل {mobile} در ردیف {row} همین فایل هم آمده است.",
    "{value!r} is not yes or no.": "{value!r} بله یا خیر نیست.",
    # §1: moving in (members with what they bring, past purchases)
    "{name}: purchases are imported from an .xlsx or .csv file.": "{name}: خریدها از پروندهٔ ‎.xlsx‎ یا ‎.csv‎ وارد می‌شوند.",
    "{name} is {mb} MB; a purchase file is at most {maximum} MB: split it.":
        "{name} {mb} مگابایت است؛ پروندهٔ خریدها حداکثر {maximum} مگابایت است: آن را چند پرونده کنید.",
    "The club has no tier named {name!r}.": "باشگاه سطحی به نام {name!r} ندارد.",
    "National code {code} is already on row {row} of this file.": "کد ملی {code} در ردیف {row} همین پرونده هم آمده است.",
    "No column of {name} looks like the {field}; name it in the column mapping.":
        "هیچ ستونی از {name} به {field} نمی‌ماند؛ آن را در انتخاب ستون‌ها مشخص کنید.",
    "{field!r} is not a purchase field that can be imported.": "{field!r} از ستون‌های خرید نیست که وارد شود.",
    "The member's card or mobile is empty.": "کارت یا موبایل عضو خالی است.",
    "The date is empty.": "تاریخ خالی است.",
    "{value!r} is not a date (1403/05/14 or 2024-08-04).": "{value!r} تاریخ نیست (۱۴۰۳/۰۵/۱۴ یا 2024-08-04).",
    "{value!r} is after today: a past purchase cannot be in the future.":
        "{value!r} بعد از امروز است: خرید گذشته نمی‌تواند در آینده باشد.",
    "The amount is empty.": "مبلغ خالی است.",
    "The amount must be more than zero.": "مبلغ باید بیشتر از صفر باشد.",
    "Receipt {receipt} is already on row {row} of this file.": "فاکتور {receipt} در ردیف {row} همین پرونده هم آمده است.",
    "A receipt number is at most {maximum} characters.": "شمارهٔ فاکتور حداکثر {maximum} نویسه است.",
    "The unit of the amounts is rial or toman.": "واحد مبلغ‌ها ریال یا تومان است.",
    "Import {audit_id} of the change log wrote {audited} ({what}) but the club holds {held}.":
        "ورود شمارهٔ {audit_id} در گزارش تغییرات {audited} ({what}) نوشته، اما باشگاه {held} دارد.",
    "Points balance": "مانده امتیاز",
    "Points dated": "تاریخ امتیاز",
    "Spend in the tier window": "خرید دورهٔ سطح",
    "Card or mobile": "کارت یا موبایل",
    "Receipt number": "شمارهٔ فاکتور",
    "Past purchase": "خرید گذشته",
    "Skipped: receipt already in the club": "رد شد: این فاکتور در باشگاه هست",
    "Past purchases (history from another program)": "خریدهای گذشته (سابقه از برنامهٔ دیگر)",
    "The file holds": "محتوای پرونده",
    "As the amount column's title says (else rial)": "همان که عنوان ستون مبلغ می‌گوید (وگرنه ریال)",
    "Earn points for them (by today's rule); otherwise they count for the tier only":
        "برای آن‌ها امتیاز داده شود (با قاعدهٔ امروز)؛ وگرنه فقط در سطح عضویت حساب می‌شوند",
    "Amounts in": "واحد مبلغ‌ها",
    "Import past purchases": "ورود خریدهای گذشته",
    "Imported: %1 past purchases (%2) of %3 members, %4 skipped, %5 rows with problems left out; %6 members moved up a tier.":
        "وارد شد: %1 خرید گذشته (%2) از %3 عضو، %4 ردشده، %5 ردیف مشکل‌دار کنار گذاشته شد؛ %6 عضو یک سطح بالا رفتند.",
    "If imported: %1 past purchases (%2) of %3 members, %4 skipped, %5 rows with problems left out; %6 members would move up a tier.":
        "اگر وارد شود: %1 خرید گذشته (%2) از %3 عضو، %4 ردشده، %5 ردیف مشکل‌دار کنار گذاشته می‌شود؛ %6 عضو یک سطح بالا می‌روند.",
    "No row of this file would add a purchase.": "هیچ ردیفی از این پرونده خریدی نمی‌افزاید.",
    "Done: %1 past purchases imported.": "انجام شد: %1 خرید گذشته وارد شد.",
    "{value!r} is not a date.": "{value!r} تاریخ نیست.",
    "{what!r} cannot be exported: members, purchases or ledger.":
        "{what!r} قابل خروجی گرفتن نیست: members (اعضا)، purchases (خریدها) یا ledger (دفتر امتیاز).",

    # MainWindow
    "Signed in: %1 (%2)": "کاربر: %1 (%2)",
    "Working…": "در حال انجام…",
    "&Club": "&باشگاه",
    "Sign out": "خروج از حساب",
    "&Help": "&راهنما",
    "About LoyaltyDesk": "دربارهٔ LoyaltyDesk",
    "LoyaltyDesk %1: the customer club of your shop.": "LoyaltyDesk %1: باشگاه مشتریان فروشگاه شما.",
    "%1 — LoyaltyDesk": "%1 — LoyaltyDesk",
    # the About box and the one notice for an unexpected error (gui/dialogs.py, gui/errors.py)
    "LoyaltyDesk %1": "LoyaltyDesk %1",
    "The customer club of your shop: members and their cards, points and tiers, coupons, surveys and follow-ups, "
    "and reports, in Persian with Jalali dates. The club lives on this computer; back it up from the Club menu.":
        "باشگاه مشتریان فروشگاه شما: اعضا و کارت‌هایشان، امتیاز و سطح، کوپن، نظرسنجی و پیگیری، و گزارش‌ها؛ "
        "به فارسی و با تاریخ شمسی. اطلاعات باشگاه روی همین رایانه است؛ از منوی «باشگاه» از آن پشتیبان بگیرید.",
    "Club file: %1": "فایل باشگاه: %1",
    "Error log: %1": "گزارش خطاها: %1",
    "Font: Vazirmatn, under the SIL Open Font License.": "قلم: وزیرمتن، با مجوز SIL Open Font License.",
    "Something unexpected went wrong. It was written to the error log, and what was saved before is safe. "
    "You can carry on working; if it happens again, please tell whoever looks after this program.":
        "خطای پیش‌بینی‌نشده‌ای رخ داد. جزئیات آن در گزارش خطاها ثبت شد و آنچه پیش‌تر ذخیره شده سالم است. "
        "می‌توانید به کار ادامه دهید؛ اگر دوباره پیش آمد، به پشتیبان برنامه خبر دهید.",
    "The error log: %1": "گزارش خطاها: %1",
    "Survey on the kiosk for the member shown": "نظرسنجی در کیوسک برای عضو باز‌شده",
    "Open a member on the cashier page first.": "اول یک عضو را در صفحهٔ صندوق باز کنید.",

    # MemberDialog
    "Expired": "منقضی‌شده",
    "Adjusted": "اصلاح‌شده",
    "Reversed": "برگشت‌خورده",
    "Bonus": "هدیه",
    "Sign-up": "ثبت‌نام",
    "Review": "بازبینی",
    "Kiosk": "کیوسک",
    "Counter": "پیشخوان",
    "Command line": "خط فرمان",
    "Details": "مشخصات",
    "Tier history": "تاریخچهٔ سطح",
    "Surveys": "نظرسنجی‌ها",
    "Birthday (Jalali)": "تاریخ تولد (شمسی)",
    "Gender": "جنسیت",
    "Not given": "نامشخص",
    "Female": "زن",
    "Male": "مرد",
    "National code": "کد ملی",
    "Referred by (card or mobile)": "معرف (کارت یا موبایل)",
    "SMS": "پیامک",
    "Agrees to receive SMS": "دریافت پیامک را می‌پذیرد",
    "Notes": "یادداشت",
    "Only the owner changes who owns the points.": "فقط مدیر می‌تواند صاحب امتیازها را تغییر دهد.",
    "Save details": "ذخیرهٔ مشخصات",
    "Paid": "پرداختی",
    "Refund the chosen purchase": "مرجوعی خرید انتخاب‌شده",
    "Amount returned": "مبلغ بازپرداخت",
    "Empty: all that is left": "خالی: همهٔ باقی‌مانده",
    "Expires": "انقضا",
    "By": "توسط",
    "Adjust points": "اصلاح امتیاز",
    "Points (+ adds, − removes)": "امتیاز (+ افزودن، − کاستن)",
    "Adjust": "اصلاح",
    "Why": "علت",
    "Spend then": "خرید در آن زمان",
    "Recommend (0-10)": "توصیه (۰ تا ۱۰)",
    "Stars": "ستاره‌ها",
    "Where": "محل",
    "Comment": "نظر",
    "Member: %1": "عضو: %1",
    "Nothing to save.": "چیزی برای ذخیره نیست.",
    "The member is blocked: no purchases or redemptions.": "عضو مسدود شد: خرید و استفاده از امتیاز ممکن نیست.",
    "The member is active again.": "عضو دوباره فعال شد.",
    "Refunded %1: %2 paid back, %3 points taken back, %4 points returned.":
        "مرجوعی %1 ثبت شد: %2 به مشتری برگشت، %3 امتیاز پس گرفته شد و %4 امتیاز بازگشت.",
    "Points adjusted; the balance is %1.": "امتیاز اصلاح شد؛ مانده %1 است.",

    # MemberPanel
    "No member chosen": "عضوی انتخاب نشده",
    "%1 points, worth %2": "%1 امتیاز، به ارزش %2",
    "%1 more reaches %2.": "%1 خرید دیگر تا سطح %2.",
    "Top tier.": "بالاترین سطح.",
    "%1 more by the next review keeps %2.": "با %1 خرید دیگر تا بازبینی بعدی، سطح %2 حفظ می‌شود.",
    "%1 is kept at the next review.": "سطح %1 در بازبینی بعدی حفظ می‌شود.",
    "Blocked: no purchases or redemptions.": "مسدود: خرید و استفاده از امتیاز ممکن نیست.",
    "Happy birthday! Today is the member's birthday.": "تولد مبارک! امروز تولد این عضو است.",
    "Referred by card %1.": "معرفی‌شده با کارت %1.",

    # MembersPage
    "Card, mobile, its last digits, or a name": "کارت، موبایل، چند رقم آخر آن یا نام",
    "All tiers": "همهٔ سطح‌ها",
    "Active and blocked": "فعال و مسدود",
    "Joined from": "عضویت از",
    "to": "تا",
    "Clear filters": "پاک کردن فیلترها",
    "%n member(s).": "%n عضو.",

    # Pages
    "Club settings": "تنظیمات باشگاه",

    # PrintPreviewDialog
    "Print preview": "پیش‌نمایش چاپ",
    "Showing the first %n page(s); all are printed and saved.":
        "%n صفحهٔ اول نمایش داده می‌شود؛ همهٔ صفحه‌ها چاپ و ذخیره می‌شوند.",
    "This document cannot be shown.": "این سند قابل نمایش نیست.",
    "Print…": "چاپ…",
    "Save as PDF…": "ذخیره به‌صورت PDF…",
    "Save as PDF": "ذخیره به‌صورت PDF",
    "PDF files (*.pdf)": "فایل‌های PDF (*.pdf)",
    "Cannot write %1: %2": "نوشتن %1 ممکن نیست: %2",
    "Print": "چاپ",

    # Report: segments, aspects, complaint categories, titles and columns
    "Champions": "قهرمانان",
    "Loyal": "وفادار",
    "Potential": "بالقوه",
    "New": "تازه‌وارد",
    "At risk": "در خطر",
    "Hibernating": "خفته",
    "Lost": "ازدست‌رفته",
    "Service": "خدمات",
    "Product quality": "کیفیت کالا",
    "Price": "قیمت",
    "Staff": "کارکنان",
    "Product": "کالا",
    "Defective item": "کالای معیوب",
    "Wrong item": "کالای اشتباه",
    "Changed mind": "پشیمانی از خرید",
    "Waiting time": "زمان انتظار",
    "Other": "سایر",
    "RFM segments": "بخش‌بندی RFM",
    "Buyers": "خریداران",
    "Members without a purchase": "اعضای بدون خرید",
    "Segments": "بخش‌ها",
    "Segment": "بخش",
    "Share of buyers": "سهم از خریداران",
    "Spend": "خرید",
    "Spend per member": "خرید هر عضو",
    "Visits per member": "مراجعهٔ هر عضو",
    "Scores": "نمره‌ها",
    "R": "تازگی",
    "F": "دفعات",
    "M": "مبلغ",
    "Biggest spenders of each segment": "پرخریدترین‌های هر بخش",
    "Last purchase": "آخرین خرید",
    "Visits": "مراجعه",
    "Quintile cut points": "مرزهای پنجک‌ها",
    "Quintile": "پنجک",
    "Spend per buyer": "خرید هر خریدار",
    "Customer value": "ارزش مشتری",
    "Buyers ever": "همهٔ خریداران",
    "Lifetime spend per buyer": "کل خرید هر خریدار",
    "Lifetime visits per buyer": "کل مراجعهٔ هر خریدار",
    "Average basket in the period": "میانگین سبد در دوره",
    "Spend in the period": "خرید در دوره",
    "By Jalali year": "به تفکیک سال شمسی",
    "Year": "سال",
    "Visits per buyer": "مراجعهٔ هر خریدار",
    "Average basket": "میانگین سبد",
    "By month": "به تفکیک ماه",
    "Month": "ماه",
    "Biggest spenders (lifetime)": "پرخریدترین‌ها (از ابتدا)",
    "First purchase": "نخستین خرید",
    "Retention": "ماندگاری",
    "Came back": "بازگشته",
    "Bought again in the next period": "خرید دوباره در دورهٔ بعد",
    "Summary": "خلاصه",
    "Period": "دوره",
    "Next period": "دورهٔ بعد",
    "Churn risk": "خطر ریزش",
    "Members at risk": "اعضای در خطر",
    "Their lifetime spend": "کل خریدشان",
    "Share of regular buyers": "سهم از خریداران همیشگی",
    "At-risk members": "اعضای در خطر",
    "Usual gap (days)": "فاصلهٔ معمول (روز)",
    "Days since": "روز از آخرین خرید",
    "Listed members by how overdue": "اعضا به ترتیب میزان تأخیر",
    "Absence / usual gap": "غیبت / فاصلهٔ معمول",
    "Cost of the club": "هزینهٔ باشگاه",
    "Cost percent": "درصد هزینه",
    "Cost": "هزینه",
    "Sales": "فروش",
    "Tier discounts": "تخفیف‌های سطح",
    "Coupon discounts": "تخفیف‌های کوپن",
    "Points liability": "بدهی امتیاز",
    "Liability": "بدهی",
    "Outstanding points": "امتیازهای مانده",
    "Point value": "ارزش هر امتیاز",
    "Members with points": "اعضای دارای امتیاز",
    "Negative balances": "ماندهٔ منفی",
    "Expiring within 30 days": "انقضا تا ۳۰ روز",
    "Expiring within 90 days": "انقضا تا ۹۰ روز",
    "Points by month": "امتیاز به تفکیک ماه",
    "Value earned": "ارزش کسب‌شده",
    "Value redeemed": "ارزش استفاده‌شده",
    "Net promoter score": "شاخص خالص ترویج (NPS)",
    "NPS": "NPS",
    "Responses": "پاسخ‌ها",
    "Promoters": "مروجان",
    "Passives": "بی‌طرف‌ها",
    "Detractors": "منتقدان",
    "Customer satisfaction (CSAT)": "رضایت مشتری (CSAT)",
    "CSAT": "CSAT",
    "Average stars": "میانگین ستاره",
    "Answers": "پاسخ‌ها",
    "By aspect": "به تفکیک موضوع",
    "Aspect": "موضوع",
    "4-5 stars": "۴ و ۵ ستاره",
    "Moved up": "ارتقا",
    "Moved down": "تنزل",
    "Members by tier": "اعضا به تفکیک سطح",
    "Share": "سهم",
    "Tier moves": "تغییر سطح‌ها",
    "Moves": "جابه‌جایی",
    "Club growth": "رشد باشگاه",
    "New members": "اعضای جدید",
    "Members at month end": "اعضا در پایان ماه",
    "Active share": "سهم فعال‌ها",
    # column titles of the exports (services/import_export.py), ready for when lupdate can collect them
    "Birthday": "تاریخ تولد",
    "Referred by": "معرف",
    "SMS consent": "رضایت پیامک",
    "In tier since": "در این سطح از",
    "Gross": "مبلغ کل",
    "Coupon discount": "تخفیف کوپن",
    "Paid with points": "پرداخت با امتیاز",
    "Net": "خالص",
    "Entry": "ردیف",
    "Reverses": "برگشتِ ردیف",
    "Points ledger": "دفتر امتیاز",
    "Something went wrong.": "مشکلی پیش آمد.",

    # RulesTab
    "Spend for one point": "خرید لازم برای یک امتیاز",
    "One point is worth": "ارزش هر امتیاز",
    "Points may pay at most (% of what is left)": "سقف پرداخت با امتیاز (٪ از باقی‌مانده)",
    "Points expire after (months)": "انقضای امتیاز پس از (ماه)",
    "Spend that qualifies for a tier": "مبنای محاسبهٔ سطح",
    "The last 12 months (reviewed monthly)": "۱۲ ماه اخیر (بازبینی ماهانه)",
    "The Jalali year (reviewed at Nowruz)": "سال شمسی (بازبینی در نوروز)",
    "Referral bonus (points)": "هدیهٔ معرفی (امتیاز)",
    "Spend for one point (%1)": "خرید لازم برای یک امتیاز (%1)",
    "One point is worth (%1)": "ارزش هر امتیاز (%1)",
    "For example: a purchase of %1 earns %2 points (before the tier multiplier); %3 points pay %4.":
        "برای نمونه: خرید %1، %2 امتیاز می‌آورد (پیش از ضریب سطح)؛ %3 امتیاز برابر %4 است.",

    # ShopTab
    "Prices shown in": "نمایش قیمت‌ها به",
    "Logo": "لوگو",
    "Receipt thank-you line": "جملهٔ تشکر روی رسید",
    "Logo saved.": "لوگو ذخیره شد.",
    "Logo removed.": "لوگو حذف شد.",

    # SignInDialog
    "Demo club: sign in as %1 (owner) or %2 (cashier), password %3.":
        "باشگاه نمایشی: با %1 (مدیر) یا %2 (صندوق‌دار) و رمز عبور %3 وارد شوید.",
    "Sign in to LoyaltyDesk": "ورود به LoyaltyDesk",
    "Sign in": "ورود",
    "Wait %1 s": "%1 ثانیه صبر کنید",

    # TierDialog / TiersTab
    "Edit tier": "ویرایش سطح",
    "New tier": "سطح جدید",
    "Qualifying spend (%1)": "خرید لازم برای سطح (%1)",
    "Discount (%)": "تخفیف (٪)",
    "Birthday bonus (points)": "هدیهٔ تولد (امتیاز)",
    "New tier…": "سطح جدید…",
    "Edit tier…": "ویرایش سطح…",
    "Members move up at their next purchase past a threshold; the tier review catches up everyone else.":
        "عضو با نخستین خریدی که از آستانه بگذرد ارتقا می‌یابد؛ بازبینی سطح‌ها وضع بقیه را به‌روز می‌کند.",
    "Tier %1 saved.": "سطح %1 ذخیره شد.",

    # UsersPage
    "Last sign-in": "آخرین ورود",
    "New user…": "کاربر جدید…",
    "Reset password…": "تعیین دوبارهٔ رمز عبور…",
    "Make owner": "تبدیل به مدیر",
    "Make cashier": "تبدیل به صندوق‌دار",
    "A deactivated user cannot sign in; their past work stays in the records. The club always keeps at least one active owner.":
        "کاربر غیرفعال نمی‌تواند وارد شود؛ کارهای گذشته‌اش در سوابق می‌ماند. باشگاه همیشه دست‌کم یک مدیر فعال دارد.",
    "User %1 added.": "کاربر %1 افزوده شد.",
    "The password of %1 was reset.": "رمز عبور %1 از نو تعیین شد.",
    "%1 is now: %2.": "%1 اکنون %2 است.",
    "%1 can no longer sign in.": "%1 دیگر نمی‌تواند وارد شود.",
    "%1 can sign in again.": "%1 دوباره می‌تواند وارد شود.",

    # reports page, survey kiosk, follow-up page
    "By season": "به تفکیک فصل",
    "PDF…": "خروجی PDF…",
    "Excel…": "خروجی اکسل…",
    "A snapshot as of today: the period does not apply.": "تصویر وضعیت امروز است: دوره در آن اثری ندارد.",
    "Working… the report is being prepared.": "در حال کار… گزارش آماده می‌شود.",
    "As of %1": "وضعیت در %1",
    "Period: %1": "دوره: %1",
    "%1 to %2": "%1 تا %2",
    "%1 (%2)": "%1 (%2)",
    "%1, by %2": "%1 بر حسب %2",
    "No data for this period.": "برای این دوره داده‌ای نیست.",
    "Line chart": "نمودار خطی",
    "Bar chart": "نمودار میله‌ای",
    "Working… the PDF is being made.": "در حال کار… PDF ساخته می‌شود.",
    "Save the report as Excel": "ذخیرهٔ گزارش به صورت اکسل",
    "Excel workbook (*.xlsx)": "کارپوشهٔ اکسل (*.xlsx)",
    "Saved: %1": "ذخیره شد: %1",
    "Survey (kiosk)": "نظرسنجی (کیوسک)",
    "Survey on the kiosk (F8)": "نظرسنجی روی کیوسک (F8)",
    "Imported from %1: %2 past purchases, %3 already there.": "از %1 وارد شد: %2 خرید گذشته؛ %3 از قبل بود.",
    "Detractor": "منتقد",
    "Complaint": "شکایت",
    "Contacted": "تماس گرفته شد",
    "All kinds": "همهٔ انواع",
    "Show resolved": "نمایش موارد حل‌شده",
    "Log a complaint or return…": "ثبت شکایت یا مرجوعی…",
    "Log a complaint or return": "ثبت شکایت یا مرجوعی",
    "Opened": "تاریخ ثبت",
    "Score / category": "امتیاز / دسته",
    "Last change": "آخرین تغییر",
    "Note or resolution": "یادداشت یا راه‌حل",
    "Member (card or mobile)": "عضو (کارت یا موبایل)",
    "Purchase number": "شمارهٔ خرید",
    "What happened": "چه پیش آمد",
    "Log it": "ثبت",
    "Open: %1   Contacted: %2   Resolved: %3": "باز: %1   تماس گرفته شد: %2   حل شد: %3",
    "Score %1": "امتیاز %1",
    "Choose an item of the list to see its story and act on it.":
        "موردی از فهرست را برگزینید تا سابقه‌اش را ببینید و پیگیری‌اش کنید.",
    "Item %1: %2": "مورد %1: %2",
    "Member: %1, card %2, mobile %3": "عضو: %1، کارت %2، موبایل %3",
    "Recommendation score: %1 of 10": "امتیاز توصیه: %1 از ۱۰",
    "Category: %1": "دسته: %1",
    "Purchase number %1": "خرید شمارهٔ %1",
    "Comment: %1": "نظر: %1",
    "Status: %1": "وضعیت: %1",
    "Resolved by %1 on %2: %3": "حل‌شده به دست %1 در %2: %3",
    "Marked as contacted.": "تماس با مشتری ثبت شد.",
    "Resolved.": "مورد حل شد.",
    "Logged as item %1.": "به‌عنوان مورد %1 ثبت شد.",
    "Customer survey": "نظرسنجی مشتری",
    "Close the kiosk": "بستن کیوسک",
    "Thank you for shopping with us": "از خرید شما سپاسگزاریم",
    "The cashier will invite you to rate your visit.": "صندوق‌دار از شما دعوت می‌کند نظرتان را بگویید.",
    "How likely are you to recommend us to a friend or colleague?":
        "چقدر احتمال دارد ما را به یک دوست یا همکار پیشنهاد کنید؟",
    "Not at all likely": "به هیچ وجه",
    "Extremely likely": "حتماً",
    "How was each part of your visit?": "هر بخش از خریدتان چطور بود؟",
    "Anything you would like to tell us? (optional)": "حرفی با ما دارید؟ (اختیاری)",
    "Send": "ارسال",
    "Thank you! Your answers help us serve you better.": "سپاسگزاریم! پاسخ‌های شما به ما کمک می‌کند بهتر خدمت کنیم.",
    "Dear %1,": "%1 گرامی،",
    "We are sorry we fell short. The manager will get in touch with you.":
        "متأسفیم که راضی نبودید. مدیر فروشگاه با شما تماس می‌گیرد.",
    "Reports": "گزارش‌ها",
    "Follow-up": "پیگیری",
    "This month": "این ماه",
    "Last month": "ماه گذشته",
    "This year": "امسال",
    "A season": "یک فصل",
    "Between two dates": "میان دو تاریخ",
    "Spring": "بهار",
    "Summer": "تابستان",
    "Autumn": "پاییز",
    "Winter": "زمستان",
    "%1 of 5 stars": "%1 ستاره از ۵",
    # item 6: the import and export dialogs (gui/import_dialog.py, gui/export_dialog.py)
    "A file name ending in .xlsx or .csv": "نام فایلی که به ‎.xlsx یا ‎.csv ختم شود",
    "To the file": "در فایل",
    "The file holds personal data of your customers: keep it safe. Every export is written to the log of changes.":
        "این فایل اطلاعات شخصی مشتریان شماست: آن را امن نگه دارید. هر خروجی در فهرست تغییرات ثبت می‌شود.",
    "Excel workbook (*.xlsx);;CSV file (*.csv)": "کارپوشهٔ اکسل (*.xlsx);;فایل CSV (*.csv)",
    "Exporting…": "در حال نوشتن فایل…",
    "%1 rows written to %2.": "%1 ردیف در %2 نوشته شد.",
    "Full name (first and last)": "نام و نام خانوادگی (با هم)",
    "Merged into the member": "ادغام با عضو موجود",
    "Skipped: already a member": "رد شد: از قبل عضو است",
    "Import members": "ورود اعضا از فایل",
    "An Excel (.xlsx) or CSV file with a header row": "یک فایل اکسل (‎.xlsx) یا CSV با سطر عنوان ستون‌ها",
    "Choose a file…": "انتخاب فایل…",
    "Preview again": "پیش‌نمایش دوباره",
    "Read the file again, e.g. after it was changed and saved": "خواندن دوبارهٔ فایل، مثلاً پس از اینکه تغییر کرد و ذخیره شد",
    "Which column is what": "هر ستون چیست",
    "Skip the row (the member stays as is)": "ردیف رد شود (عضو همان‌طور که هست می‌ماند)",
    "Merge (the file's filled-in values replace the member's)":
        "ادغام (مقدارهای پرشدهٔ فایل جای مقدارهای عضو را می‌گیرند)",
    "A mobile already in the club": "موبایلی که از قبل در باشگاه است",
    "Outcome": "نتیجه",
    "Excel or CSV files (*.xlsx *.csv);;All files (*)": "فایل‌های اکسل یا CSV (*.xlsx *.csv);;همهٔ فایل‌ها (*)",
    "Reading the file… nothing is written yet.": "در حال خواندن فایل… هنوز چیزی ثبت نمی‌شود.",
    "(not in the file)": "(در فایل نیست)",
    "Column %1": "ستون %1",
    "%1 more rows without problems are not listed.": "%1 ردیف دیگرِ بی‌مشکل در فهرست نیامده است.",
    "Imported: %1 new, %2 merged, %3 skipped, %4 rows with problems left out.":
        "وارد شد: %1 عضو تازه، %2 ادغام، %3 ردشده؛ %4 ردیف مشکل‌دار کنار گذاشته شد.",
    "If imported: %1 new, %2 merged, %3 skipped, %4 rows with problems left out.":
        "اگر وارد شود: %1 عضو تازه، %2 ادغام، %3 ردشده؛ %4 ردیف مشکل‌دار کنار گذاشته می‌شود.",
    "Nothing is written until you press Import.": "تا «وارد کردن» را نزنید چیزی ثبت نمی‌شود.",
    "No row of this file would add or change a member.": "هیچ ردیفی از این فایل عضوی را اضافه یا تغییر نمی‌دهد.",
    "Importing…": "در حال وارد کردن…",
    "Done: %1 members added and %2 merged.": "انجام شد: %1 عضو اضافه و %2 عضو ادغام شد.",
    "Import members…": "ورود اعضا از فایل…",
    "Members from an Excel or CSV file as your shop keeps them: you see every row and every problem first, and "
    "nothing is imported until you confirm.":
        "اعضا از فایل اکسل یا CSV، همان‌طور که فروشگاه نگه می‌دارد: اول همهٔ ردیف‌ها و همهٔ مشکل‌ها را می‌بینید و "
        "تا تأیید نکنید چیزی وارد نمی‌شود.",
    "The members, the purchases or the points ledger to an Excel or CSV file.":
        "اعضا، خریدها یا دفتر امتیاز در یک فایل اکسل یا CSV.",
    "Imported from %1: %2 new members, %3 merged.": "از %1 وارد شد: %2 عضو تازه، %3 ادغام.",
}

# --- where one English word needs another Persian word in one context -----------------------------
BY_CONTEXT: dict[tuple[str, str], str] = {
    ("AboutDialog", "Close"): "بستن",
    ("AuditLog", "registered a purchase"): "یک خرید ثبت کرد",
    ("AuditLog", "imported members"): "اعضا را وارد کرد",
    ("AuditLog", "exported data"): "داده‌ها را برون‌بری کرد",
    ("MainWindow", "Change my password…"): "تغییر گذرواژهٔ من…",
    ("MainWindow", "Back up now"): "پشتیبان‌گیری همین حالا",
    ("MainWindow", "The automatic tasks stopped: %1"): "کارهای خودکار متوقف شد: %1",
    ("MainWindow", "Automatic backup made."): "پشتیبان خودکار گرفته شد.",
    ("MainWindow", "Backed up to %1"): "پشتیبان در %1 ذخیره شد",
    # short words whose sense depends on the page
    ("AnalyticsPage", "Report"): "گزارش",
    ("FollowUpPage", "Open"): "باز",
    ("FollowUpPage", "Resolved"): "حل شد",
    ("FollowUpPage", "Return"): "مرجوعی",
    ("FollowUpPage", "Resolve"): "حل کردن",
    ("FollowUpPage", "Item"): "مورد",
    ("FollowUpPage", "#"): "شماره",
    ("FollowUpPage", "Note"): "یادداشت",
    ("FollowUpPage", "Category"): "دسته",
    ("FollowUpPage", "None"): "ندارد",
    ("KioskWindow", "Back"): "بازگشت",
    ("Printing", "Receipt"): "رسید خرید",
    ("Printing", "Member card"): "کارت عضویت",
    ("CashierPage", "Print member card"): "چاپ کارت عضویت",
    ("LoyaltyError", "A checkout key is 1 to 64 ASCII letters, digits or - _ : . characters."): "کلید صندوق ۱ تا ۶۴ حرف و رقم انگلیسی یا یکی از نویسه‌های - _ : . است.",
    # words that fill error templates (roles, actions, follow-up statuses): domain/roles.py WORDS
    ("Words", "too many parts"): "تعداد بخش‌ها بیش از حد است",
    ("Words", "it unpacks to more than 256 MB"): "پس از بازشدن بیش از ۲۵۶ مگابایت می‌شود",
    ("Words", "a part unpacks to over 100 times its size"): "بخشی از آن پس از بازشدن بیش از ۱۰۰ برابر می‌شود",
    ("Words", "too many texts"): "تعداد متن‌ها بیش از حد است",
    ("Words", "the file is damaged"): "فایل آسیب دیده است",
    ("Words", "not an .xlsx workbook"): "کارپوشهٔ .xlsx نیست",
    ("Words", "A first name"): "نام",
    ("Words", "A last name"): "نام خانوادگی",
    ("Words", "The notes"): "یادداشت‌ها",
    ("Words", "The shop's name"): "نام فروشگاه",
    ("Words", "The thank-you line"): "جملهٔ تشکر رسید",
    ("Words", "A tier's name"): "نام سطح",
    ("Words", "A user's name"): "نام کاربر",
    ("Words", "The reason"): "دلیل",
    ("Words", "The comment"): "نظر",
    ("Words", "The note"): "یادداشت",
    ("Words", "The description"): "شرح",
    ("Words", "A coupon code"): "کد تخفیف",
    ("Words", "owner"): "مدیر",
    ("Words", "cashier"): "صندوق‌دار",
    ("Words", "find member"): "جست‌وجوی عضو",
    ("Words", "sign up"): "ثبت‌نام عضو",
    ("Words", "edit member"): "ویرایش عضو",
    ("Words", "edit identity"): "تغییر موبایل، کد ملی یا معرف",
    ("Words", "block member"): "مسدود کردن عضو",
    ("Words", "purchase"): "ثبت خرید",
    ("Words", "backdate purchase"): "ثبت خرید با تاریخ گذشته",
    ("Words", "refund"): "مرجوعی",
    ("Words", "adjust points"): "اصلاح دستی امتیاز",
    ("Words", "run expiry"): "اجرای انقضای امتیازها",
    ("Words", "review tiers"): "بازبینی سطح‌ها",
    ("Words", "grant bonuses"): "دادن امتیاز هدیه",
    ("Words", "change rules"): "تغییر قوانین باشگاه",
    ("Words", "manage users"): "مدیریت کاربران",
    ("Words", "check database"): "بررسی پایگاه داده",
    ("Words", "read audit"): "دیدن گزارش تغییرات",
    ("Words", "fill demo"): "ساخت باشگاه نمونه",
    ("Words", "answer survey"): "ثبت نظرسنجی",
    ("Words", "log complaint"): "ثبت شکایت",
    ("Words", "follow up"): "پیگیری",
    ("Words", "read reports"): "دیدن گزارش‌ها",
    ("Words", "back up"): "پشتیبان‌گیری",
    ("Words", "auto backup"): "پشتیبان‌گیری خودکار",
    ("Words", "restore"): "بازگردانی پشتیبان",
    ("Words", "import members"): "ورود اعضا از فایل",
    ("Words", "export data"): "خروجی گرفتن از داده‌ها",
    ("Words", "print cards"): "چاپ کارت عضویت",
    ("Words", "open"): "باز",
    ("Words", "contacted"): "تماس‌گرفته",
    ("Words", "resolved"): "حل‌شده",
    ("Pages", "Cashier"): "صندوق",
    ("MemberDialog", "Redeemed"): "استفاده",
    ("MemberDialog", "Earned"): "کسب",
    ("MemberDialog", "Refund"): "مرجوعی",
    ("MemberDialog", "Purchase"): "خرید",
    ("MemberDialog", "From"): "از سطح",
    ("MemberDialog", "To"): "به سطح",
    # tier_history's reasons as the tier moves report shows them (services/analytics.py TIER_MOVE_REASONS)
    ("Report", "signup"): "ثبت‌نام",
    ("Report", "purchase"): "خرید",
    ("Report", "refund"): "مرجوعی",
    ("Report", "review"): "بازبینی",
    ("Report", "From"): "از سطح",
    ("Report", "To"): "به سطح",
    ("CouponDialog", "From"): "از تاریخ",
    ("CouponsTab", "From"): "از تاریخ",
    ("CouponsTab", "Until"): "تا تاریخ",
    ("CouponsTab", "Per member"): "هر عضو",
    ("BackupsTab", "Kind"): "نوع",
    ("AuditLog", "Members"): "اعضا",
    ("Report", "Points"): "امتیاز",
    ("Report", "Refunded"): "مرجوعی",
    ("Report", "Earned"): "کسب‌شده",
    ("Report", "Redeemed"): "استفاده‌شده",
    ("Report", "Spend"): "مبلغ خرید",
    ("CheckoutLinesView", "Amount"): "مبلغ خرید",
    ("MemberDialog", "Amount"): "مبلغ",
    ("TiersTab", "Discount"): "تخفیف",
    # item 6: short words of the import and export dialogs
    ("ClubSettingsPage", "Import and export"): "ورود و خروجی داده‌ها",
    ("ExportDialog", "Export"): "خروجی گرفتن",
    ("ExportDialog", "Close"): "بستن",
    ("ImportDialog", "Close"): "بستن",
    ("ImportDialog", "Row"): "ردیف",
    ("ImportDialog", "Problem"): "مشکل",
    ("ImportDialog", "Import"): "وارد کردن",
    ("ImportDialog", "Left out"): "کنار گذاشته شد",
    ("ImportExportTab", "Export…"): "خروجی گرفتن…",
}

# --- "every word right": the change log, the member dialog's questions, plurals ---------
ISSUE_15_WORDS: dict[tuple[str, str], str] = {
    ("Words", "Farvardin"): "فروردین", ("Words", "Ordibehesht"): "اردیبهشت", ("Words", "Khordad"): "خرداد",
    ("Words", "Tir"): "تیر", ("Words", "Mordad"): "مرداد", ("Words", "Shahrivar"): "شهریور",
    ("Words", "Mehr"): "مهر", ("Words", "Aban"): "آبان", ("Words", "Azar"): "آذر",
    ("Words", "Dey"): "دی", ("Words", "Bahman"): "بهمن", ("Words", "Esfand"): "اسفند",
    ("LoyaltyError", "The spend for one point must be at least {minimum}."):
        "مبلغ خرید برای هر امتیاز دست‌کم {minimum} است.",
    ("LoyaltyError", "At most {remaining} of purchase {purchase_id} can still be refunded."):
        "از خرید {purchase_id} حداکثر {remaining} را هنوز می‌توان مرجوع کرد.",
    ("LoyaltyError", "At most {max_points} points can be redeemed on this purchase ({cap}, {cap_percent}% of {base})."):
        "در این خرید حداکثر {max_points} امتیاز را می‌توان خرج کرد ({cap}، {cap_percent}٪ از {base}).",
    ("MembersPage", "%Ln member(s)."): "%Ln عضو.",
    ("CashierPage", "%Ln member(s) found."): "%Ln عضو پیدا شد.",
    ("CashierPage", "The first %Ln matches: type more to narrow them down."):
        "%Ln نتیجهٔ اول: برای محدودتر کردن، بیشتر بنویسید.",
    ("PrintPreviewDialog", "Showing the first %Ln page(s); all are printed and saved."):
        "%Ln صفحهٔ اول نمایش داده می‌شود؛ همهٔ صفحه‌ها چاپ و ذخیره می‌شوند.",
    ("TierDialog", "Choose a colour…"): "انتخاب رنگ…",
    ("Confirm", "Cancel"): "انصراف",
    ("Words", "the command line"): "خط فرمان",
    ("MemberDialog", "Birthday bonus"): "هدیهٔ تولد",
    ("MemberDialog", "Expired"): "منقضی‌شده",
    ("MemberDialog", "The referred purchase was refunded"): "خرید عضو معرفی‌شده مرجوع شد",
    ("MemberDialog", "Referral of card %1"): "معرفی کارت %1",
    ("MemberDialog", "Block the member"): "مسدود کردن عضو",
    ("MemberDialog", "Block %1 (card %2)?\n\nA blocked member can neither buy with the club nor redeem points until unblocked."):
        "%1 (کارت %2) مسدود شود؟\n\nعضو مسدود تا رفع مسدودی نه با باشگاه خرید می‌کند و نه امتیاز خرج می‌کند.",
    ("MemberDialog", "Refund the whole purchase"): "مرجوع کردن کل خرید",
    ("MemberDialog", "Refund all %1 left of the purchase of %2?\n\nThe points it earned are taken back and the points it used are given back."):
        "همهٔ %1 باقی‌ماندهٔ خرید %2 مرجوع شود؟\n\nامتیازهایی که این خرید داده پس گرفته و امتیازهایی که خرج کرده برگردانده می‌شود.",
    ("MemberDialog", "Refund all"): "مرجوع کردن همه",
    ("MemberDialog", "Take the balance below zero"): "منفی شدن مانده",
    ("MemberDialog", "Remove %1 points from %2? The balance goes from %3 to %4 points, below zero: the member redeems nothing until it is positive again."):
        "%1 امتیاز از %2 کم شود؟ مانده از %3 به %4 امتیاز می‌رسد، زیر صفر: تا مثبت نشود عضو امتیازی خرج نمی‌کند.",
    ("MemberDialog", "Remove the points"): "کم کردن امتیاز",
}
ISSUE_15_AUDIT_LOG = {
    "name": "نام", "first name": "نام", "last name": "نام خانوادگی", "card": "کارت", "mobile": "موبایل",
    "status": "وضعیت", "amount of the purchase": "مبلغ خرید", "amount": "مبلغ", "paid": "پرداختی",
    "paid back": "پس داده‌شده", "refunded so far": "مرجوعی تا کنون", "tier discount": "تخفیف سطح",
    "coupon": "کوپن", "coupon discount": "تخفیف کوپن", "points redeemed": "امتیاز خرج‌شده",
    "paid with points": "پرداخت با امتیاز", "points earned": "امتیاز کسب‌شده",
    "points taken back": "امتیاز پس‌گرفته", "points given back": "امتیاز برگشتی",
    "referrer's bonus": "هدیهٔ معرف", "points": "امتیاز", "change": "تغییر", "balance": "مانده",
    "reason": "دلیل", "tier": "سطح", "tier before": "سطح پیشین", "tier after": "سطح پسین",
    "moved up a tier": "ارتقای سطح", "time": "زمان", "birthday": "تاریخ تولد", "gender": "جنسیت",
    "national code": "کد ملی", "referred by": "معرف", "agrees to SMS": "پیامک می‌پذیرد",
    "notes": "یادداشت", "joined": "عضویت", "in the tier since": "در این سطح از",
    "qualifying spend": "خرید معتبر برای سطح", "next tier": "سطح بعدی",
    "more to the next tier": "مانده تا سطح بعدی", "more to keep the tier": "مانده برای ماندن در سطح",
    "points worth": "ارزش امتیازها", "owner": "مدیر", "purchases asked above": "پرسش برای خرید بالاتر از",
    "largest purchase": "بیشترین مبلغ خرید", "minutes to void a sale": "دقیقه‌های ابطال فروش",
    "once per member": "یک بار برای هر عضو", "valid from": "معتبر از", "valid until": "معتبر تا",
    "members": "اعضا", "ledger entries": "ردیف‌های دفتر امتیاز", "tier moves": "جابه‌جایی سطح",
    "members moved": "اعضای جابه‌جاشده", "from": "از", "to": "تا", "on schedule": "طبق برنامه",
    "count": "تعداد", "since": "از تاریخ", "all": "همه", "file": "فایل", "what": "چه چیزی",
    "rows": "ردیف‌ها", "encrypted": "رمزگذاری‌شده", "error": "خطا", "kept aside": "نسخهٔ کنار گذاشته",
    "database version": "نسخهٔ پایگاه داده", "upgraded with": "ارتقا با",
    "counts": "شمارش‌ها", "mobile already in the club": "موبایل تکراری", "added": "افزوده",
    "merged": "ادغام‌شده", "left out": "کنار گذاشته", "recommend (0-10)": "پیشنهاد (۰ تا ۱۰)",
    "follow-up": "پیگیری", "category": "دسته", "what happened": "شرح ماجرا", "note": "یادداشت",
    "size (bytes)": "اندازه (بایت)", "purchases": "خریدها", "points ledger": "دفتر امتیاز",
    "users": "کاربران", "tiers": "سطح‌ها", "coupons": "کوپن‌ها", "surveys": "نظرسنجی‌ها",
    "refunds": "مرجوعی‌ها", "change log": "گزارش تغییرات", "active": "فعال", "blocked": "مسدود",
    "cashier": "صندوق‌دار", "toman": "تومان", "rial": "ریال", "the last 12 months": "۱۲ ماه گذشته",
    "the Jalali year": "سال شمسی", "female": "زن", "male": "مرد", "open": "باز",
    "contacted": "تماس‌گرفته", "resolved": "حل‌شده", "leave out": "کنار گذاشتن", "merge": "ادغام",
}
BY_CONTEXT.update(ISSUE_15_WORDS)
BY_CONTEXT.update({("AuditLog", k): v for k, v in ISSUE_15_AUDIT_LOG.items()})
# the date field's month grid (gui/jalali_grid.py): the Iranian week's one-letter day names
BY_CONTEXT.update({("JalaliMonthPopup", k): v for k, v in {
    "Sa": "ش", "Su": "ی", "Mo": "د", "Tu": "س", "We": "چ", "Th": "پ", "Fr": "ج",
    "Previous month (Page Up)": "ماه قبل (Page Up)", "Next month (Page Down)": "ماه بعد (Page Down)",
}.items()})

FIELD = re.compile(r"\{([^{}]*)\}")
QT_ARG = re.compile(r"%(\d+)")


def placeholders(text: str) -> tuple[set[str], set[str], bool]:
    """({fields}, {%1…}, has %n) of a source or a translation."""
    return set(FIELD.findall(text)), set(QT_ARG.findall(text)), "%n" in text or "%Ln" in text


def problems(source: str, text: str, numerus: bool) -> list[str]:
    out = []
    fields, args, n = placeholders(source)
    t_fields, t_args, t_n = placeholders(text)
    if fields != t_fields:
        out.append(f"fields {sorted(fields)} became {sorted(t_fields)}")
    if args != t_args:
        out.append(f"%-args {sorted(args)} became {sorted(t_args)}")
    if numerus and n and not t_n:
        out.append("lost %n")
    if "%Ln" in source and "%Ln" not in text:  # the locale's digits ("1 عضو" in Latin digits)
        out.append("lost %Ln")
    if source.count("&") == 1 and "&" in source and text.count("&") != 1:
        out.append("lost the & accelerator")
    for shortcut in re.findall(r"\(F\d+\)", source):
        if shortcut not in text:
            out.append(f"lost {shortcut}")
    return out


def lookup(context: str, source: str) -> str | None:
    return BY_CONTEXT.get((context, source), TEXTS.get(source))


def _translation_text(translation: ET.Element) -> str:
    forms = [f.text or "" for f in translation.iter("numerusform")]
    return forms[0] if forms else (translation.text or "")


def fill(ts: Path = TS, overwrite: bool = False, layout: bool = False) -> tuple[int, list[str], list[str]]:
    """Write known texts into ``ts``; returns (how many written, unknown messages, placeholder errors)."""
    tree = ET.parse(ts)
    root = tree.getroot()
    written, unknown, errors = 0, [], []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            numerus = message.get("numerus") == "yes"
            translation = message.find("translation")
            unfinished = translation.get("type") in ("unfinished", "vanished", "obsolete")
            current = _translation_text(translation)
            text = lookup(name, source)
            if text is None:
                if unfinished or not current.strip():
                    unknown.append(f"{name}\t{source!r}")
                continue
            wrong = problems(source, text, numerus)
            if wrong:
                errors.append(f"{name}\t{source!r}: {'; '.join(wrong)}")
                continue
            if not (unfinished or not current.strip() or (overwrite and current != text)):
                continue
            if numerus:
                forms = list(translation.iter("numerusform"))
                if not forms:
                    forms = [ET.SubElement(translation, "numerusform")]
                for extra in forms[1:]:  # Persian has one plural form
                    translation.remove(extra)
                forms[0].text = text
                translation.text = None
            else:
                translation.text = text
            translation.attrib.pop("type", None)
            written += 1
    if layout:
        written += _ensure_layout(root)
    if written:
        ts.write_text(serialize(root), encoding="utf-8")
    return written, unknown, errors


def _escape(text: str) -> str:
    """As lupdate escapes text: & < > and both quotes."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def _write(elem: ET.Element, depth: int, out: list[str]) -> None:
    pad = "    " * depth
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in elem.attrib.items())
    children = list(elem)
    if not children:
        out.append(f"{pad}<{elem.tag}{attrs}>{_escape(elem.text or '')}</{elem.tag}>")
        return
    out.append(f"{pad}<{elem.tag}{attrs}>")
    for child in children:
        _write(child, depth + 1, out)
    out.append(f"{pad}</{elem.tag}>")


def serialize(root: ET.Element) -> str:
    """The .ts as lupdate writes it (contexts at the left margin, four spaces a level), so that
    filling texts and running ``translations.py update`` afterwards change nothing else."""
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in root.attrib.items())
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", f"<TS{attrs}>"]
    for context in root:
        _write(context, 0, out)
    out.append("</TS>")
    return "\n".join(out) + "\n"


def _ensure_layout(root: ET.Element) -> int:
    context_name, source, text = LAYOUT
    for context in root.iter("context"):
        if context.findtext("name") == context_name:
            for message in context.iter("message"):
                if message.findtext("source") == source:
                    translation = message.find("translation")
                    if translation.text == text and "type" not in translation.attrib:
                        return 0
                    translation.text = text
                    translation.attrib.pop("type", None)
                    return 1
            break
    else:
        context = ET.Element("context")
        ET.SubElement(context, "name").text = context_name
        # contexts in the .ts are sorted by name, as lupdate writes them
        names = [c.findtext("name") for c in root.findall("context")]
        at = sum(1 for n in names if n < context_name)
        root.insert(at, context)
    message = ET.SubElement(context, "message")
    ET.SubElement(message, "source").text = source
    ET.SubElement(message, "translation").text = text
    return 1


def main(argv: list[str]) -> int:
    written, unknown, errors = fill(overwrite="--all" in argv, layout="--layout" in argv)
    print(f"wrote {written} Persian texts into {TS.relative_to(ROOT)}")
    for line in errors:
        print("PLACEHOLDER", line)
    for line in unknown:
        print("UNTRANSLATED", line)
    return 1 if errors or unknown else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
