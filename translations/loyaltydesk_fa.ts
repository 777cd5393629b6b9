<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About LoyaltyDesk</source>
        <translation>دربارهٔ LoyaltyDesk</translation>
    </message>
    <message>
        <source>LoyaltyDesk %1</source>
        <translation>LoyaltyDesk %1</translation>
    </message>
    <message>
        <source>The customer club of your shop: members and their cards, points and tiers, coupons, surveys and follow-ups, and reports, in Persian with Jalali dates. The club lives on this computer; back it up from the Club menu.</source>
        <translation>باشگاه مشتریان فروشگاه شما: اعضا و کارت‌هایشان، امتیاز و سطح، کوپن، نظرسنجی و پیگیری، و گزارش‌ها؛ به فارسی و با تاریخ شمسی. اطلاعات باشگاه روی همین رایانه است؛ از منوی «باشگاه» از آن پشتیبان بگیرید.</translation>
    </message>
    <message>
        <source>Club file: %1</source>
        <translation>فایل باشگاه: %1</translation>
    </message>
    <message>
        <source>Error log: %1</source>
        <translation>گزارش خطاها: %1</translation>
    </message>
    <message>
        <source>Font: Vazirmatn, under the SIL Open Font License.</source>
        <translation>قلم: وزیرمتن، با مجوز SIL Open Font License.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>New user</source>
        <translation>کاربر جدید</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Name shown</source>
        <translation>نام نمایشی</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>صندوق‌دار</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>مدیر</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>رمز عبور</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>تکرار رمز عبور</translation>
    </message>
    <message>
        <source>A cashier finds and signs up members and registers purchases; an owner may do everything.</source>
        <translation>صندوق‌دار عضو پیدا و ثبت‌نام می‌کند و خرید ثبت می‌کند؛ مدیر به همه‌چیز دسترسی دارد.</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>افزودن کاربر</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>AnalyticsPage</name>
    <message>
        <source>A snapshot as of today: the period does not apply.</source>
        <translation>تصویر وضعیت امروز است: دوره در آن اثری ندارد.</translation>
    </message>
    <message>
        <source>Working… the report is being prepared.</source>
        <translation>در حال کار… گزارش آماده می‌شود.</translation>
    </message>
    <message>
        <source>Working… the PDF is being made.</source>
        <translation>در حال کار… PDF ساخته می‌شود.</translation>
    </message>
    <message>
        <source>Save the report as Excel</source>
        <translation>ذخیرهٔ گزارش به صورت اکسل</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>کارپوشهٔ اکسل (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>ذخیره شد: %1</translation>
    </message>
</context>
<context>
    <name>AnalyticsView</name>
    <message>
        <source>By season</source>
        <translation>به تفکیک فصل</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>خروجی PDF…</translation>
    </message>
    <message>
        <source>Excel…</source>
        <translation>خروجی اکسل…</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>گزارش</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>دوره</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>وضعیت در %1</translation>
    </message>
    <message>
        <source>Period: %1</source>
        <translation>دوره: %1</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 تا %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <translation>%1 بر حسب %2</translation>
    </message>
    <message>
        <source>No data for this period.</source>
        <translation>برای این دوره داده‌ای نیست.</translation>
    </message>
    <message>
        <source>Line chart</source>
        <translation>نمودار خطی</translation>
    </message>
    <message>
        <source>Bar chart</source>
        <translation>نمودار میله‌ای</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>changed the club settings</source>
        <translation>تنظیمات باشگاه را تغییر داد</translation>
    </message>
    <message>
        <source>changed the logo</source>
        <translation>لوگو را تغییر داد</translation>
    </message>
    <message>
        <source>changed the survey aspects</source>
        <translation>موضوع‌های نظرسنجی را تغییر داد</translation>
    </message>
    <message>
        <source>set up the club</source>
        <translation>باشگاه را راه‌اندازی کرد</translation>
    </message>
    <message>
        <source>added a tier</source>
        <translation>سطح تازه‌ای افزود</translation>
    </message>
    <message>
        <source>edited a tier</source>
        <translation>سطحی را ویرایش کرد</translation>
    </message>
    <message>
        <source>reviewed the tiers</source>
        <translation>سطح‌ها را بازبینی کرد</translation>
    </message>
    <message>
        <source>added a coupon</source>
        <translation>کوپن تازه‌ای افزود</translation>
    </message>
    <message>
        <source>enabled or disabled a coupon</source>
        <translation>کوپنی را فعال یا غیرفعال کرد</translation>
    </message>
    <message>
        <source>added a user</source>
        <translation>کاربر تازه‌ای افزود</translation>
    </message>
    <message>
        <source>changed a user</source>
        <translation>کاربری را تغییر داد</translation>
    </message>
    <message>
        <source>reset a password</source>
        <translation>رمز عبوری را از نو تعیین کرد</translation>
    </message>
    <message>
        <source>changed their password</source>
        <translation>رمز عبور خود را تغییر داد</translation>
    </message>
    <message>
        <source>kept today&apos;s passwords after a restore</source>
        <translation>گذرواژه‌های امروز را پس از بازگردانی نگه داشت</translation>
    </message>
    <message>
        <source>signed in</source>
        <translation>وارد شد</translation>
    </message>
    <message>
        <source>failed to sign in</source>
        <translation>ورود ناموفق</translation>
    </message>
    <message>
        <source>signed up a member</source>
        <translation>عضو تازه‌ای ثبت‌نام کرد</translation>
    </message>
    <message>
        <source>edited a member</source>
        <translation>مشخصات عضوی را ویرایش کرد</translation>
    </message>
    <message>
        <source>blocked or unblocked a member</source>
        <translation>عضوی را مسدود یا آزاد کرد</translation>
    </message>
    <message>
        <source>adjusted points</source>
        <translation>امتیاز را اصلاح کرد</translation>
    </message>
    <message>
        <source>refunded a purchase</source>
        <translation>خریدی را مرجوع کرد</translation>
    </message>
    <message>
        <source>voided their sale</source>
        <translation>فروش خود را باطل کرد</translation>
    </message>
    <message>
        <source>expired old points</source>
        <translation>امتیازهای کهنه را منقضی کرد</translation>
    </message>
    <message>
        <source>granted birthday bonuses</source>
        <translation>هدیه‌های تولد را داد</translation>
    </message>
    <message>
        <source>granted membership-anniversary bonuses</source>
        <translation>هدیه‌های سالگرد عضویت را داد</translation>
    </message>
    <message>
        <source>printed member cards</source>
        <translation>کارت عضویت چاپ کرد</translation>
    </message>
    <message>
        <source>registered a purchase</source>
        <translation>یک خرید ثبت کرد</translation>
    </message>
    <message>
        <source>imported members</source>
        <translation>اعضا را وارد کرد</translation>
    </message>
    <message>
        <source>exported data</source>
        <translation>داده‌ها را برون‌بری کرد</translation>
    </message>
    <message>
        <source>recorded a survey</source>
        <translation>نظرسنجی ثبت کرد</translation>
    </message>
    <message>
        <source>made a backup</source>
        <translation>پشتیبان گرفت</translation>
    </message>
    <message>
        <source>made an automatic backup</source>
        <translation>پشتیبان خودکار گرفته شد</translation>
    </message>
    <message>
        <source>restored a backup</source>
        <translation>پشتیبان را بازگردانی کرد</translation>
    </message>
    <message>
        <source>changed an offer rule</source>
        <translation>قاعدهٔ پیشنهاد را تغییر داد</translation>
    </message>
    <message>
        <source>issued birthday and win-back offers</source>
        <translation>پیشنهادهای تولد و بازگشت را صادر کرد</translation>
    </message>
    <message>
        <source>looked for members to win back</source>
        <translation>دنبال اعضایی برای بازگرداندن گشت</translation>
    </message>
    <message>
        <source>added a reward</source>
        <translation>جایزه‌ای افزود</translation>
    </message>
    <message>
        <source>edited a reward</source>
        <translation>جایزه‌ای را ویرایش کرد</translation>
    </message>
    <message>
        <source>gave a reward for points</source>
        <translation>در برابر امتیاز جایزه داد</translation>
    </message>
    <message>
        <source>first name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>last name</source>
        <translation>نام خانوادگی</translation>
    </message>
    <message>
        <source>card</source>
        <translation>کارت</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>amount of the purchase</source>
        <translation>مبلغ خرید</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>پرداختی</translation>
    </message>
    <message>
        <source>paid back</source>
        <translation>پس داده‌شده</translation>
    </message>
    <message>
        <source>refunded so far</source>
        <translation>مرجوعی تا کنون</translation>
    </message>
    <message>
        <source>tier discount</source>
        <translation>تخفیف سطح</translation>
    </message>
    <message>
        <source>coupon</source>
        <translation>کوپن</translation>
    </message>
    <message>
        <source>coupon discount</source>
        <translation>تخفیف کوپن</translation>
    </message>
    <message>
        <source>points redeemed</source>
        <translation>امتیاز خرج‌شده</translation>
    </message>
    <message>
        <source>paid with points</source>
        <translation>پرداخت با امتیاز</translation>
    </message>
    <message>
        <source>points earned</source>
        <translation>امتیاز کسب‌شده</translation>
    </message>
    <message>
        <source>points taken back</source>
        <translation>امتیاز پس‌گرفته</translation>
    </message>
    <message>
        <source>points given back</source>
        <translation>امتیاز برگشتی</translation>
    </message>
    <message>
        <source>referrer&apos;s bonus</source>
        <translation>هدیهٔ معرف</translation>
    </message>
    <message>
        <source>referred member&apos;s reward</source>
        <translation>هدیهٔ عضو معرفی‌شده</translation>
    </message>
    <message>
        <source>points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>change</source>
        <translation>تغییر</translation>
    </message>
    <message>
        <source>balance</source>
        <translation>مانده</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>tier</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>tier before</source>
        <translation>سطح پیشین</translation>
    </message>
    <message>
        <source>tier after</source>
        <translation>سطح پسین</translation>
    </message>
    <message>
        <source>moved up a tier</source>
        <translation>ارتقای سطح</translation>
    </message>
    <message>
        <source>time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>birthday</source>
        <translation>تاریخ تولد</translation>
    </message>
    <message>
        <source>gender</source>
        <translation>جنسیت</translation>
    </message>
    <message>
        <source>national code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>referred by</source>
        <translation>معرف</translation>
    </message>
    <message>
        <source>agrees to SMS</source>
        <translation>پیامک می‌پذیرد</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>joined</source>
        <translation>عضویت</translation>
    </message>
    <message>
        <source>in the tier since</source>
        <translation>در این سطح از</translation>
    </message>
    <message>
        <source>qualifying spend</source>
        <translation>خرید معتبر برای سطح</translation>
    </message>
    <message>
        <source>next tier</source>
        <translation>سطح بعدی</translation>
    </message>
    <message>
        <source>more to the next tier</source>
        <translation>مانده تا سطح بعدی</translation>
    </message>
    <message>
        <source>more to keep the tier</source>
        <translation>مانده برای ماندن در سطح</translation>
    </message>
    <message>
        <source>visits more to the next tier</source>
        <translation>مراجعهٔ مانده تا سطح بعد</translation>
    </message>
    <message>
        <source>points worth</source>
        <translation>ارزش امتیازها</translation>
    </message>
    <message>
        <source>shop name</source>
        <translation>نام فروشگاه</translation>
    </message>
    <message>
        <source>display unit</source>
        <translation>واحد نمایش</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>مدیر</translation>
    </message>
    <message>
        <source>spend for one point</source>
        <translation>خرید لازم برای یک امتیاز</translation>
    </message>
    <message>
        <source>point value</source>
        <translation>ارزش هر امتیاز</translation>
    </message>
    <message>
        <source>redemption cap</source>
        <translation>سقف پرداخت با امتیاز</translation>
    </message>
    <message>
        <source>expiry (months)</source>
        <translation>انقضا (ماه)</translation>
    </message>
    <message>
        <source>qualifying window</source>
        <translation>بازهٔ محاسبهٔ سطح</translation>
    </message>
    <message>
        <source>referral bonus</source>
        <translation>هدیهٔ معرفی</translation>
    </message>
    <message>
        <source>sign-up bonus</source>
        <translation>هدیهٔ عضویت</translation>
    </message>
    <message>
        <source>anniversary bonus</source>
        <translation>هدیهٔ سالگرد عضویت</translation>
    </message>
    <message>
        <source>thank-you line</source>
        <translation>جملهٔ تشکر</translation>
    </message>
    <message>
        <source>purchases asked above</source>
        <translation>پرسش برای خرید بالاتر از</translation>
    </message>
    <message>
        <source>largest purchase</source>
        <translation>بیشترین مبلغ خرید</translation>
    </message>
    <message>
        <source>minutes to void a sale</source>
        <translation>دقیقه‌های ابطال فروش</translation>
    </message>
    <message>
        <source>backup folder</source>
        <translation>پوشهٔ پشتیبان</translation>
    </message>
    <message>
        <source>daily backups kept</source>
        <translation>تعداد پشتیبان‌های روزانه</translation>
    </message>
    <message>
        <source>weekly backups kept</source>
        <translation>تعداد پشتیبان‌های هفتگی</translation>
    </message>
    <message>
        <source>name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>آستانه</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>تخفیف</translation>
    </message>
    <message>
        <source>multiplier</source>
        <translation>ضریب</translation>
    </message>
    <message>
        <source>birthday bonus</source>
        <translation>هدیهٔ تولد</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>رنگ</translation>
    </message>
    <message>
        <source>active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <source>display name</source>
        <translation>نام نمایشی</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>code</source>
        <translation>کد</translation>
    </message>
    <message>
        <source>percent</source>
        <translation>درصد</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>qualifies by</source>
        <translation>رسیدن به سطح با</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>مراجعه</translation>
    </message>
    <message>
        <source>least amount of a visit</source>
        <translation>کمترین مبلغ یک مراجعه</translation>
    </message>
    <message>
        <source>uses in all</source>
        <translation>دفعات استفادهٔ کل</translation>
    </message>
    <message>
        <source>once per member</source>
        <translation>یک بار برای هر عضو</translation>
    </message>
    <message>
        <source>reward</source>
        <translation>جایزه</translation>
    </message>
    <message>
        <source>reward&apos;s points</source>
        <translation>امتیاز جایزه</translation>
    </message>
    <message>
        <source>next-order offer</source>
        <translation>پیشنهاد خرید بعدی</translation>
    </message>
    <message>
        <source>welcome offer</source>
        <translation>پیشنهاد خوش‌آمد</translation>
    </message>
    <message>
        <source>minimum purchase</source>
        <translation>حداقل خرید</translation>
    </message>
    <message>
        <source>days valid</source>
        <translation>روزهای اعتبار</translation>
    </message>
    <message>
        <source>next order after a purchase above</source>
        <translation>خرید بعدی پس از خرید بیشتر از</translation>
    </message>
    <message>
        <source>days away for a win-back</source>
        <translation>روزهای غیبت برای بازگشت</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>موجودی</translation>
    </message>
    <message>
        <source>stock left</source>
        <translation>موجودی مانده</translation>
    </message>
    <message>
        <source>offer rule</source>
        <translation>قاعدهٔ پیشنهاد</translation>
    </message>
    <message>
        <source>win-back offers</source>
        <translation>پیشنهادهای بازگشت</translation>
    </message>
    <message>
        <source>valid from</source>
        <translation>معتبر از</translation>
    </message>
    <message>
        <source>valid until</source>
        <translation>معتبر تا</translation>
    </message>
    <message>
        <source>members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>ledger entries</source>
        <translation>ردیف‌های دفتر امتیاز</translation>
    </message>
    <message>
        <source>tier moves</source>
        <translation>جابه‌جایی سطح</translation>
    </message>
    <message>
        <source>members moved</source>
        <translation>اعضای جابه‌جاشده</translation>
    </message>
    <message>
        <source>from</source>
        <translation>از</translation>
    </message>
    <message>
        <source>to</source>
        <translation>تا</translation>
    </message>
    <message>
        <source>on schedule</source>
        <translation>طبق برنامه</translation>
    </message>
    <message>
        <source>count</source>
        <translation>تعداد</translation>
    </message>
    <message>
        <source>since</source>
        <translation>از تاریخ</translation>
    </message>
    <message>
        <source>all</source>
        <translation>همه</translation>
    </message>
    <message>
        <source>file</source>
        <translation>فایل</translation>
    </message>
    <message>
        <source>what</source>
        <translation>چه چیزی</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>ردیف‌ها</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>رمزگذاری‌شده</translation>
    </message>
    <message>
        <source>error</source>
        <translation>خطا</translation>
    </message>
    <message>
        <source>kept aside</source>
        <translation>نسخهٔ کنار گذاشته</translation>
    </message>
    <message>
        <source>database version</source>
        <translation>نسخهٔ پایگاه داده</translation>
    </message>
    <message>
        <source>upgraded with</source>
        <translation>ارتقا با</translation>
    </message>
    <message>
        <source>counts</source>
        <translation>شمارش‌ها</translation>
    </message>
    <message>
        <source>mobile already in the club</source>
        <translation>موبایل تکراری</translation>
    </message>
    <message>
        <source>added</source>
        <translation>افزوده</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>ادغام‌شده</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>کنار گذاشته</translation>
    </message>
    <message>
        <source>recommend (0-10)</source>
        <translation>پیشنهاد (۰ تا ۱۰)</translation>
    </message>
    <message>
        <source>follow-up</source>
        <translation>پیگیری</translation>
    </message>
    <message>
        <source>category</source>
        <translation>دسته</translation>
    </message>
    <message>
        <source>what happened</source>
        <translation>شرح ماجرا</translation>
    </message>
    <message>
        <source>note</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>size (bytes)</source>
        <translation>اندازه (بایت)</translation>
    </message>
    <message>
        <source>purchases</source>
        <translation>خریدها</translation>
    </message>
    <message>
        <source>points ledger</source>
        <translation>دفتر امتیاز</translation>
    </message>
    <message>
        <source>users</source>
        <translation>کاربران</translation>
    </message>
    <message>
        <source>tiers</source>
        <translation>سطح‌ها</translation>
    </message>
    <message>
        <source>coupons</source>
        <translation>کوپن‌ها</translation>
    </message>
    <message>
        <source>surveys</source>
        <translation>نظرسنجی‌ها</translation>
    </message>
    <message>
        <source>refunds</source>
        <translation>مرجوعی‌ها</translation>
    </message>
    <message>
        <source>change log</source>
        <translation>گزارش تغییرات</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>مسدود</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>صندوق‌دار</translation>
    </message>
    <message>
        <source>toman</source>
        <translation>تومان</translation>
    </message>
    <message>
        <source>rial</source>
        <translation>ریال</translation>
    </message>
    <message>
        <source>the last 12 months</source>
        <translation>۱۲ ماه گذشته</translation>
    </message>
    <message>
        <source>the Jalali year</source>
        <translation>سال شمسی</translation>
    </message>
    <message>
        <source>female</source>
        <translation>زن</translation>
    </message>
    <message>
        <source>male</source>
        <translation>مرد</translation>
    </message>
    <message>
        <source>open</source>
        <translation>باز</translation>
    </message>
    <message>
        <source>contacted</source>
        <translation>تماس‌گرفته</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>حل‌شده</translation>
    </message>
    <message>
        <source>leave out</source>
        <translation>کنار گذاشتن</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>ادغام</translation>
    </message>
    <message>
        <source>spend</source>
        <translation>خرید</translation>
    </message>
    <message>
        <source>spend or visits</source>
        <translation>خرید یا مراجعه</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <source>no</source>
        <translation>خیر</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1٪</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>همه</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>سطح‌ها</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>کوپن‌ها</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Backups and restores</source>
        <translation>پشتیبان‌گیری و بازگردانی</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <source>When</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>کاربر</translation>
    </message>
    <message>
        <source>What</source>
        <translation>اقدام</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>مورد</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>قبل ← بعد</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>نمایش</translation>
    </message>
    <message>
        <source>Every change to the club is kept here; the log cannot be edited.</source>
        <translation>هر تغییری در باشگاه این‌جا ثبت می‌شود؛ این فهرست ویرایش‌شدنی نیست.</translation>
    </message>
</context>
<context>
    <name>BackupsTab</name>
    <message>
        <source>The backups folder beside the club&apos;s database</source>
        <translation>پوشهٔ backups کنار پایگاه دادهٔ باشگاه</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>پیش‌فرض</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>پوشهٔ پشتیبان</translation>
    </message>
    <message>
        <source>Keep automatic backups of the last (days)</source>
        <translation>نگه‌داری پشتیبان‌های خودکار روزهای اخیر (روز)</translation>
    </message>
    <message>
        <source>…and one a week for (weeks)</source>
        <translation>…و هفته‌ای یکی به مدت (هفته)</translation>
    </message>
    <message>
        <source>…and all of them in at most (MB; 0: no limit)</source>
        <translation>…و همهٔ آن‌ها روی هم حداکثر (مگابایت؛ ۰: بی‌حد)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Optional: then the passphrase restores it; without one an owner&apos;s password does</source>
        <translation>اختیاری: آن‌گاه با این عبارت عبور بازگردانده می‌شود؛ بدون آن با گذرواژه‌ی یکی از مالکان</translation>
    </message>
    <message>
        <source>For a new backup: the same passphrase again</source>
        <translation>برای پشتیبان تازه: همان عبارت عبور را دوباره بنویسید</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>عبارت عبور</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>تکرار عبارت عبور</translation>
    </message>
    <message>
        <source>Opens this backup: an owner&apos;s password when it was made, or today&apos;s</source>
        <translation>این پشتیبان را باز می‌کند: گذرواژه‌ی یکی از مالکان در زمان ساختن آن، یا گذرواژه‌ی امروزش</translation>
    </message>
    <message>
        <source>Owner&apos;s password</source>
        <translation>گذرواژه‌ی مالک</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>پشتیبان‌گیری همین حالا</translation>
    </message>
    <message>
        <source>File</source>
        <translation>فایل</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>تاریخ تهیه</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>رمزگذاری‌شده</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>No backups yet: “Back up now” makes one.</source>
        <translation>هنوز پشتیبانی نیست؛ «پشتیبان‌گیری همین حالا» یکی می‌سازد.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>بررسی</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>بازگردانی…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 کیلوبایت</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <source>No</source>
        <translation>خیر</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>خودکار</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>دستی</translation>
    </message>
    <message>
        <source>Backed up to %1, read back and checked: %2 members, %3 purchases.</source>
        <translation>پشتیبان در %1 گرفته شد، بازخوانی و بررسی شد: %2 عضو، %3 خرید.</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>در حال پشتیبان‌گیری…</translation>
    </message>
    <message>
        <source>%1 is sound: %2 members, %3 purchases.</source>
        <translation>%1 سالم است: %2 عضو، %3 خرید.</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>در حال بررسی پشتیبان…</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>بازگردانی پشتیبان</translation>
    </message>
    <message>
        <source>Replace the whole club with the backup of %1 (%2)?

The club as it is now is kept aside first, so this can be undone.</source>
        <translation>همهٔ باشگاه با پشتیبانِ %1 (%2) جایگزین شود؟

باشگاه در وضع فعلی پیش از آن کنار گذاشته می‌شود، پس این کار برگشت‌پذیر است.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>بازگردانی</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Restored %1. The club as it was is kept at %2.</source>
        <translation>%1 بازگردانی شد. باشگاه در وضع قبلی در %2 نگه داشته شد.</translation>
    </message>
    <message>
        <source>The check found %1 problem(s) in the restored club.</source>
        <translation>بررسی، %1 مشکل در باشگاه بازگردانی‌شده پیدا کرد.</translation>
    </message>
    <message>
        <source>The full check of the restored club runs in the background; you may go on working.</source>
        <translation>بررسی کامل باشگاهِ بازگردانده‌شده در پس‌زمینه انجام می‌شود؛ می‌توانید به کار ادامه دهید.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>در حال بازگردانی…</translation>
    </message>
    <message>
        <source>The restored club</source>
        <translation>باشگاهِ بازگردانده‌شده</translation>
    </message>
    <message>
        <source>The full check of the restored club found %1 problem(s):

%2</source>
        <translation>بررسی کامل باشگاهِ بازگردانده‌شده %1 مشکل پیدا کرد:

%2</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <source>Sat</source>
        <translation>شنبه</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>یکشنبه</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>دوشنبه</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>سه‌شنبه</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>چهارشنبه</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>پنجشنبه</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>جمعه</translation>
    </message>
    <message>
        <source>Edit campaign</source>
        <translation>ویرایش کمپین</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>کمپین تازه</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>روز نخست</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>روز پایانی</translation>
    </message>
    <message>
        <source>Only on (none: every day)</source>
        <translation>فقط در روزهای (هیچ: همهٔ روزها)</translation>
    </message>
    <message>
        <source>Only between hours (e.g. 10-14, 22-2)</source>
        <translation>فقط میان ساعت‌های (مثلاً 10-14 یا 22-2)</translation>
    </message>
    <message>
        <source>Only for tiers (none: all)</source>
        <translation>فقط برای سطح‌های (هیچ: همه)</translation>
    </message>
    <message>
        <source>Only for the segment</source>
        <translation>فقط برای بخش</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>همه</translation>
    </message>
    <message>
        <source>Only for birthdays in month (0: any)</source>
        <translation>فقط برای متولدان ماه (۰: هر ماه)</translation>
    </message>
    <message>
        <source>Only for members who joined from (Jalali, optional)</source>
        <translation>فقط برای اعضایی که عضو شده‌اند از (شمسی، اختیاری)</translation>
    </message>
    <message>
        <source>… to (inclusive)</source>
        <translation>… تا (با خود آن روز)</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>اثر</translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation>ضریب امتیاز</translation>
    </message>
    <message>
        <source>Bonus on every purchase</source>
        <translation>پاداش برای هر خرید</translation>
    </message>
    <message>
        <source>Bonus on the Nth visit</source>
        <translation>پاداش در مراجعهٔ چندم</translation>
    </message>
    <message>
        <source>Bonus on reaching a spend</source>
        <translation>پاداش با رسیدن به مبلغ خرید</translation>
    </message>
    <message>
        <source>Multiplier (% of the purchase&apos;s points; 200 = double)</source>
        <translation>ضریب (درصد امتیاز خرید؛ ۲۰۰ = دوبرابر)</translation>
    </message>
    <message>
        <source>Bonus (points)</source>
        <translation>پاداش (امتیاز)</translation>
    </message>
    <message>
        <source>On visit number</source>
        <translation>در مراجعهٔ شمارهٔ</translation>
    </message>
    <message>
        <source>On reaching a spend of (%1)</source>
        <translation>با رسیدن خرید به (%1)</translation>
    </message>
    <message>
        <source>Minimum purchase (%1)</source>
        <translation>حداقل خرید (%1)</translation>
    </message>
    <message>
        <source>Purchases per member (empty: no limit)</source>
        <translation>خرید برای هر عضو (خالی: بی‌سقف)</translation>
    </message>
    <message>
        <source>Points budget (empty: no limit)</source>
        <translation>بودجهٔ امتیاز (خالی: بی‌سقف)</translation>
    </message>
    <message>
        <source>With other campaigns</source>
        <translation>با کمپین‌های دیگر</translation>
    </message>
    <message>
        <source>As the club says</source>
        <translation>به انتخاب باشگاه</translation>
    </message>
    <message>
        <source>Add up</source>
        <translation>جمع شوند</translation>
    </message>
    <message>
        <source>Only the best one</source>
        <translation>فقط بهترین</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>تاریخ‌ها</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>اثر</translation>
    </message>
    <message>
        <source>Points given</source>
        <translation>امتیاز داده‌شده</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>دفعات</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>No campaigns yet: “New campaign…” starts one.</source>
        <translation>هنوز کمپینی نیست؛ با «کمپین تازه…» یکی بسازید.</translation>
    </message>
    <message>
        <source>New campaign…</source>
        <translation>کمپین تازه…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>ویرایش…</translation>
    </message>
    <message>
        <source>End now</source>
        <translation>پایان اکنون</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>در پیش</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>در جریان</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>پایان‌یافته</translation>
    </message>
    <message>
        <source>%1% of the points</source>
        <translation>%1٪ امتیاز</translation>
    </message>
    <message>
        <source>+%1 points</source>
        <translation>+%1 امتیاز</translation>
    </message>
    <message>
        <source>on visit %1</source>
        <translation>در مراجعهٔ %1</translation>
    </message>
    <message>
        <source>on reaching %1</source>
        <translation>با رسیدن به %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 از %2</translation>
    </message>
    <message>
        <source>Did %1 work? %2 days, %3 – %4</source>
        <translation>%1 جواب داد؟ %2 روز، %3 – %4</translation>
    </message>
    <message>
        <source>Members reached: %1 (with a qualifying purchase: %2); uses: %3</source>
        <translation>اعضای بهره‌مند: %1 (با خرید واجد شرایط: %2)؛ دفعات: %3</translation>
    </message>
    <message>
        <source>Points cost: %1 (worth %2)</source>
        <translation>هزینهٔ امتیاز: %1 (به ارزش %2)</translation>
    </message>
    <message>
        <source>Sales while it ran: %1 in %2 purchases; the same days before: %3 in %4 purchases</source>
        <translation>فروش در مدت کمپین: %1 در %2 خرید؛ همین تعداد روز پیش از آن: %3 در %4 خرید</translation>
    </message>
    <message>
        <source>Campaign %1 saved.</source>
        <translation>کمپین %1 ذخیره شد.</translation>
    </message>
    <message>
        <source>Campaign %1 ended.</source>
        <translation>کمپین %1 پایان یافت.</translation>
    </message>
    <message>
        <source>End campaign %1 now? From this moment it gives no points; what it has given stays. An ended campaign cannot be started again.</source>
        <translation>کمپین %1 همین حالا پایان یابد؟ از این لحظه امتیازی نمی‌دهد؛ امتیازهایی که داده سر جایش می‌ماند. کمپینِ پایان‌یافته دوباره شروع نمی‌شود.</translation>
    </message>
    <message>
        <source>End campaign %1 now? It will not start; an ended campaign cannot be started again.</source>
        <translation>کمپین %1 همین حالا پایان یابد؟ دیگر شروع نمی‌شود؛ کمپینِ پایان‌یافته دوباره شروع نمی‌شود.</translation>
    </message>
    <message>
        <source>End a campaign</source>
        <translation>پایان دادن به کمپین</translation>
    </message>
    <message>
        <source>End the campaign</source>
        <translation>پایان کمپین</translation>
    </message>
    <message>
        <source>Keep it running</source>
        <translation>ادامه یابد</translation>
    </message>
</context>
<context>
    <name>CashierPage</name>
    <message>
        <source>Use most</source>
        <translation>حداکثر</translation>
    </message>
    <message>
        <source>Amount (%1)</source>
        <translation>مبلغ (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln member(s) found.</source>
        <translation>
            <numerusform>%Ln عضو پیدا شد.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln matches: type more to narrow them down.</source>
        <translation>
            <numerusform>%Ln نتیجهٔ اول: برای محدودتر کردن، بیشتر بنویسید.</numerusform>
        </translation>
    </message>
    <message>
        <source>No member found. Press F2 to sign up a new member.</source>
        <translation>عضوی پیدا نشد. برای ثبت‌نام عضو جدید F2 را بزنید.</translation>
    </message>
    <message>
        <source>Member opened. Type the amount and press Enter.</source>
        <translation>عضو باز شد. مبلغ را بنویسید و Enter را بزنید.</translation>
    </message>
    <message>
        <source>That was typed at a scanner&apos;s speed: it is not taken as an amount, and nothing was registered. Type the amount by hand.</source>
        <translation>این ارقام با سرعت اسکنر وارد شد: مبلغ حساب نمی‌شود و چیزی ثبت نشد. مبلغ را با دست وارد کنید.</translation>
    </message>
    <message>
        <source>Card %1 was scanned: %2 is open. Nothing was registered.</source>
        <translation>کارت %1 اسکن شد: پروندهٔ %2 باز است. چیزی ثبت نشد.</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بی‌نام)</translation>
    </message>
    <message>
        <source>Card %1 was scanned, and no member has it. It is not an amount: nothing was registered.</source>
        <translation>کارت %1 اسکن شد و عضوی با این کارت نیست. این عدد مبلغ نیست: چیزی ثبت نشد.</translation>
    </message>
    <message>
        <source>Use most (%1)</source>
        <translation>حداکثر (%1)</translation>
    </message>
    <message>
        <source>Reward given without a purchase: %1 for %2 points; balance %3.</source>
        <translation>جایزه بدون خرید داده شد: %1 در برابر %2 امتیاز؛ مانده %3.</translation>
    </message>
    <message>
        <source>%1 is more than the largest purchase the club allows (%2): check the amount. Nothing was registered.</source>
        <translation>%1 بیش از بزرگ‌ترین خریدی است که باشگاه می‌پذیرد (%2): مبلغ را بررسی کنید. چیزی ثبت نشد.</translation>
    </message>
    <message>
        <source>A large purchase</source>
        <translation>خرید بزرگ</translation>
    </message>
    <message>
        <source>&lt;p&gt;Register a purchase of&lt;/p&gt;&lt;p style=&apos;font-size:20pt&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;for %2? It is more than %3, the amount above which the till asks.&lt;/p&gt;</source>
        <translation>&lt;p&gt;ثبت خریدی به مبلغ&lt;/p&gt;&lt;p style=&apos;font-size:20pt&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;برای %2؟ این مبلغ بیش از %3 است، مبلغی که بالاتر از آن صندوق تأیید می‌خواهد.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Register this amount</source>
        <translation>همین مبلغ ثبت شود</translation>
    </message>
    <message>
        <source>Cancel, fix the amount</source>
        <translation>انصراف، اصلاح مبلغ</translation>
    </message>
    <message>
        <source>Not registered: the amount is still there to correct.</source>
        <translation>ثبت نشد: مبلغ برای اصلاح سر جایش است.</translation>
    </message>
    <message>
        <source>Registered: %1 paid, %2 points earned; balance %3.</source>
        <translation>ثبت شد: %1 پرداخت شد، %2 امتیاز کسب شد؛ مانده %3.</translation>
    </message>
    <message>
        <source>With a referral reward of %1 points.</source>
        <translation>با %1 امتیاز هدیهٔ معرفی.</translation>
    </message>
    <message>
        <source>Reward given: %1 for %2 points.</source>
        <translation>جایزه داده شد: %1 در برابر %2 امتیاز.</translation>
    </message>
    <message>
        <source>Next-order offer %1 is on the receipt.</source>
        <translation>پیشنهاد خرید بعدی %1 روی رسید چاپ می‌شود.</translation>
    </message>
    <message>
        <source>A text message to the member is queued.</source>
        <translation>پیامکی برای عضو در صف ارسال قرار گرفت.</translation>
    </message>
    <message>
        <source>Registered. Scan or find the next customer.</source>
        <translation>ثبت شد. کارت مشتری بعدی را اسکن کنید یا او را پیدا کنید.</translation>
    </message>
    <message>
        <source>Purchase %1 of %2: it can be voided until %3.</source>
        <translation>خرید %1 به مبلغ %2: تا %3 قابل ابطال است.</translation>
    </message>
    <message>
        <source>Void the last sale</source>
        <translation>ابطال آخرین فروش</translation>
    </message>
    <message>
        <source>Void purchase %1 of %2 (card %3)? Its points are taken back and any points it used are given back, as if it had not been made.</source>
        <translation>خرید %1 به مبلغ %2 (کارت %3) باطل شود؟ امتیازهای آن پس گرفته و امتیازهایی که در آن مصرف شده بازگردانده می‌شود، گویی این خرید انجام نشده است.</translation>
    </message>
    <message>
        <source>Void this sale</source>
        <translation>این فروش باطل شود</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>نگه داشته شود</translation>
    </message>
    <message>
        <source>Purchase %1 voided: %2 to pay back; the member&apos;s balance is %3.</source>
        <translation>خرید %1 باطل شد: %2 به مشتری برگردانده شود؛ ماندهٔ امتیاز عضو %3 است.</translation>
    </message>
    <message>
        <source>Welcome to the club! Card %1 is ready.</source>
        <translation>به باشگاه خوش آمدید! کارت %1 آماده است.</translation>
    </message>
</context>
<context>
    <name>CashierView</name>
    <message>
        <source>Scan a card, or type a mobile, its last digits or a name</source>
        <translation>کارت را اسکن کنید، یا موبایل، چند رقم آخر آن یا نام را بنویسید</translation>
    </message>
    <message>
        <source>New member (F2)</source>
        <translation>عضو جدید (F2)</translation>
    </message>
    <message>
        <source>Members found appear here as you type.
Up and Down choose one, Enter opens it; F2 signs up a new member.</source>
        <translation>اعضای پیداشده هنگام نوشتن اینجا می‌آیند.
با بالا و پایین یکی را انتخاب کنید و با Enter بازش کنید؛ F2 عضو تازه ثبت‌نام می‌کند.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>Use most</source>
        <translation>حداکثر</translation>
    </message>
    <message>
        <source>Redeem points</source>
        <translation>استفاده از امتیاز</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>کوپن</translation>
    </message>
    <message>
        <source>Give without a purchase</source>
        <translation>بدون خرید بده</translation>
    </message>
    <message>
        <source>Reward (F3)</source>
        <translation>جایزه (F3)</translation>
    </message>
    <message>
        <source>Register purchase (F9)</source>
        <translation>ثبت خرید (F9)</translation>
    </message>
    <message>
        <source>Print receipt (F4)</source>
        <translation>چاپ رسید (F4)</translation>
    </message>
    <message>
        <source>Print member card</source>
        <translation>چاپ کارت عضویت</translation>
    </message>
    <message>
        <source>Survey on the kiosk (F8)</source>
        <translation>نظرسنجی روی کیوسک (F8)</translation>
    </message>
    <message>
        <source>Void last sale (F6)</source>
        <translation>ابطال آخرین فروش (F6)</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>عضو جدید</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>نام خانوادگی</translation>
    </message>
    <message>
        <source>Sign up</source>
        <translation>ثبت‌نام</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>تغییر رمز عبور من</translation>
    </message>
    <message>
        <source>A new password for %1. You need your current one.</source>
        <translation>رمز عبور تازه برای %1. رمز فعلی‌تان لازم است.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>رمز عبور فعلی</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>رمز عبور جدید</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>تکرار رمز عبور جدید</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>تغییر رمز عبور</translation>
    </message>
</context>
<context>
    <name>CheckoutLinesView</name>
    <message>
        <source>Checkout</source>
        <translation>صورت‌حساب</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ خرید</translation>
    </message>
    <message>
        <source>Tier discount</source>
        <translation>تخفیف سطح</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>کوپن</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>امتیاز استفاده‌شده</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>قابل پرداخت</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>امتیاز کسب‌شده</translation>
    </message>
    <message>
        <source>Of which campaigns</source>
        <translation>از این میان، کمپین‌ها</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>جایزه</translation>
    </message>
    <message>
        <source>%1 points = %2</source>
        <translation>%1 امتیاز = %2</translation>
    </message>
    <message>
        <source>%1: +%2</source>
        <translation>%1: +%2</translation>
    </message>
    <message>
        <source>%1 for %2 points</source>
        <translation>%1 با %2 امتیاز</translation>
    </message>
    <message>
        <source>Last sale (purchase %1), registered</source>
        <translation>آخرین فروش (خرید %1)، ثبت‌شده</translation>
    </message>
</context>
<context>
    <name>ClubPlaceTab</name>
    <message>
        <source>One till keeps the club in a file on this PC. Several tills share one club on the shop&apos;s PostgreSQL server (installer/README.md says how to set one up); each till is pointed at it here or in its first run.</source>
        <translation>یک صندوق باشگاه را در پرونده‌ای روی همین رایانه نگه می‌دارد. چند صندوق یک باشگاه را روی سرور PostgreSQL فروشگاه با هم به کار می‌برند (راه‌اندازی آن در installer/README.md آمده است)؛ هر صندوق اینجا یا در نخستین اجرایش به آن وصل می‌شود.</translation>
    </message>
    <message>
        <source>Point this till at a server…</source>
        <translation>وصل کردن این صندوق به سرور…</translation>
    </message>
    <message>
        <source>Use the club on this PC again</source>
        <translation>بازگشت به باشگاه روی همین رایانه</translation>
    </message>
    <message>
        <source>The club is on the server %1.</source>
        <translation>باشگاه روی سرور %1 است.</translation>
    </message>
    <message>
        <source>The club is in the file %1.</source>
        <translation>باشگاه در پروندهٔ %1 است.</translation>
    </message>
    <message>
        <source>From its next start this till uses the club on the server %1: sign out, quit and start the app again.</source>
        <translation>این صندوق از اجرای بعدی باشگاه روی سرور %1 را به کار می‌برد: خارج شوید، برنامه را ببندید و دوباره باز کنید.</translation>
    </message>
    <message>
        <source>From its next start this till uses the club on this PC again.</source>
        <translation>این صندوق از اجرای بعدی دوباره باشگاه روی همین رایانه را به کار می‌برد.</translation>
    </message>
</context>
<context>
    <name>ClubSettingsPage</name>
    <message>
        <source>Shop</source>
        <translation>فروشگاه</translation>
    </message>
    <message>
        <source>Earn and redeem</source>
        <translation>کسب و استفادهٔ امتیاز</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>سطح‌ها</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>کوپن‌ها</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>پشتیبان‌ها</translation>
    </message>
    <message>
        <source>Where the club is</source>
        <translation>محل باشگاه</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>تغییرات</translation>
    </message>
    <message>
        <source>Import and export</source>
        <translation>ورود و خروجی داده‌ها</translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>CouponDialog</name>
    <message>
        <source>New coupon</source>
        <translation>کوپن جدید</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>کد</translation>
    </message>
    <message>
        <source>Percent off</source>
        <translation>درصد تخفیف</translation>
    </message>
    <message>
        <source>Amount off (%1)</source>
        <translation>مبلغ تخفیف (%1)</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>تخفیف</translation>
    </message>
    <message>
        <source>Percent</source>
        <translation>درصد</translation>
    </message>
    <message>
        <source>Amount (%1)</source>
        <translation>مبلغ (%1)</translation>
    </message>
    <message>
        <source>Uses in all</source>
        <translation>دفعات استفادهٔ کل</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>بدون محدودیت</translation>
    </message>
    <message>
        <source>Per member</source>
        <translation>برای هر عضو</translation>
    </message>
    <message>
        <source>A member may use it more than once</source>
        <translation>هر عضو می‌تواند بیش از یک بار استفاده کند</translation>
    </message>
    <message>
        <source>From</source>
        <translation>از تاریخ</translation>
    </message>
    <message>
        <source>Until (inclusive)</source>
        <translation>تا (خودِ آن روز هم)</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>اعتبار</translation>
    </message>
    <message>
        <source>Add coupon</source>
        <translation>افزودن کوپن</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>A coupon cannot be edited once made (receipts name it); disable it instead.</source>
        <translation>کوپن پس از ساخت ویرایش‌شدنی نیست (نامش روی رسیدها آمده)؛ به‌جایش غیرفعالش کنید.</translation>
    </message>
</context>
<context>
    <name>CouponsList</name>
    <message>
        <source>Code</source>
        <translation>کد</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>تخفیف</translation>
    </message>
    <message>
        <source>Uses in all</source>
        <translation>دفعات استفادهٔ کل</translation>
    </message>
    <message>
        <source>Per member</source>
        <translation>هر عضو</translation>
    </message>
    <message>
        <source>From</source>
        <translation>از تاریخ</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>تا تاریخ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>New coupon…</source>
        <translation>کوپن جدید…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>غیرفعال کردن</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1٪</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>بدون محدودیت</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>یک بار</translation>
    </message>
    <message>
        <source>Many times</source>
        <translation>چند بار</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>غیرفعال</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>فعال کردن</translation>
    </message>
</context>
<context>
    <name>CouponsTab</name>
    <message>
        <source>Coupon %1 added.</source>
        <translation>کوپن %1 افزوده شد.</translation>
    </message>
    <message>
        <source>Coupon %1 enabled.</source>
        <translation>کوپن %1 فعال شد.</translation>
    </message>
    <message>
        <source>Coupon %1 disabled.</source>
        <translation>کوپن %1 غیرفعال شد.</translation>
    </message>
</context>
<context>
    <name>ErrorNotice</name>
    <message>
        <source>The error log: %1</source>
        <translation>گزارش خطاها: %1</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. It was written to the error log, and what was saved before is safe. You can carry on working; if it happens again, please tell whoever looks after this program.</source>
        <translation>خطای پیش‌بینی‌نشده‌ای رخ داد. جزئیات آن در گزارش خطاها ثبت شد و آنچه پیش‌تر ذخیره شده سالم است. می‌توانید به کار ادامه دهید؛ اگر دوباره پیش آمد، به پشتیبان برنامه خبر دهید.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>خریدها</translation>
    </message>
    <message>
        <source>Points ledger</source>
        <translation>دفتر امتیاز</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>خروجی گرفتن</translation>
    </message>
    <message>
        <source>A file name ending in .xlsx or .csv</source>
        <translation>نام فایلی که به ‎.xlsx یا ‎.csv ختم شود</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <source>To the file</source>
        <translation>در فایل</translation>
    </message>
    <message>
        <source>The file holds personal data of your customers: keep it safe. Every export is written to the log of changes.</source>
        <translation>این فایل اطلاعات شخصی مشتریان شماست: آن را امن نگه دارید. هر خروجی در فهرست تغییرات ثبت می‌شود.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV file (*.csv)</source>
        <translation>کارپوشهٔ اکسل (*.xlsx);;فایل CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>در حال نوشتن فایل…</translation>
    </message>
    <message>
        <source>%1 rows written to %2.</source>
        <translation>%1 ردیف در %2 نوشته شد.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to LoyaltyDesk</source>
        <translation>به LoyaltyDesk خوش آمدید</translation>
    </message>
    <message>
        <source>Set up your shop&apos;s customer club. You can change all of this later in the club settings.</source>
        <translation>باشگاه مشتریان فروشگاهتان را راه‌اندازی کنید. همهٔ این‌ها را بعداً در تنظیمات باشگاه می‌توانید تغییر دهید.</translation>
    </message>
    <message>
        <source>The shop</source>
        <translation>فروشگاه</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>نام فروشگاه</translation>
    </message>
    <message>
        <source>Prices in</source>
        <translation>واحد قیمت‌ها</translation>
    </message>
    <message>
        <source>Toman</source>
        <translation>تومان</translation>
    </message>
    <message>
        <source>Rial</source>
        <translation>ریال</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>بدون لوگو</translation>
    </message>
    <message>
        <source>Choose a logo…</source>
        <translation>انتخاب لوگو…</translation>
    </message>
    <message>
        <source>Logo (optional)</source>
        <translation>لوگو (اختیاری)</translation>
    </message>
    <message>
        <source>Where the club lives</source>
        <translation>باشگاه کجا نگه داشته شود</translation>
    </message>
    <message>
        <source>This PC (one till)</source>
        <translation>همین رایانه (یک صندوق)</translation>
    </message>
    <message>
        <source>The shop&apos;s server (several tills)</source>
        <translation>سرور فروشگاه (چند صندوق)</translation>
    </message>
    <message>
        <source>The owner&apos;s account</source>
        <translation>حساب مدیر</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>نام شما</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>رمز عبور</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>تکرار رمز عبور</translation>
    </message>
    <message>
        <source>Create the club</source>
        <translation>ساخت باشگاه</translation>
    </message>
    <message>
        <source>Shop logo</source>
        <translation>لوگوی فروشگاه</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg)</source>
        <translation>تصویرها (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>اتصال</translation>
    </message>
    <message>
        <source>Sign in to it</source>
        <translation>ورود به آن</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>در حال اتصال…</translation>
    </message>
</context>
<context>
    <name>FollowUpPage</name>
    <message>
        <source>Detractor</source>
        <translation>منتقد</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>شکایت</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>مرجوعی</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>باز</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>تماس گرفته شد</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>حل شد</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>همهٔ انواع</translation>
    </message>
    <message>
        <source>Show resolved</source>
        <translation>نمایش موارد حل‌شده</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <source>Log a complaint or return…</source>
        <translation>ثبت شکایت یا مرجوعی…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>شماره</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>عضو</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>کارت</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>تاریخ ثبت</translation>
    </message>
    <message>
        <source>Score / category</source>
        <translation>امتیاز / دسته</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>نظر</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>آخرین تغییر</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>مورد</translation>
    </message>
    <message>
        <source>When</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>کاربر</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>The chosen item&apos;s steps appear here: opened, contacted, resolved, each with its note.</source>
        <translation>مراحل مورد انتخاب‌شده اینجا می‌آید: ثبت، تماس، حل، هر یک با یادداشتش.</translation>
    </message>
    <message>
        <source>Note or resolution</source>
        <translation>یادداشت یا راه‌حل</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>حل کردن</translation>
    </message>
    <message>
        <source>Log a complaint or return</source>
        <translation>ثبت شکایت یا مرجوعی</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>دسته</translation>
    </message>
    <message>
        <source>Member (card or mobile)</source>
        <translation>عضو (کارت یا موبایل)</translation>
    </message>
    <message>
        <source>Purchase number</source>
        <translation>شمارهٔ خرید</translation>
    </message>
    <message>
        <source>None</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>چه پیش آمد</translation>
    </message>
    <message>
        <source>Log it</source>
        <translation>ثبت</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Open: %1   Contacted: %2   Resolved: %3</source>
        <translation>باز: %1   تماس گرفته شد: %2   حل شد: %3</translation>
    </message>
    <message>
        <source>Score %1</source>
        <translation>امتیاز %1</translation>
    </message>
    <message>
        <source>Choose an item of the list to see its story and act on it.</source>
        <translation>موردی از فهرست را برگزینید تا سابقه‌اش را ببینید و پیگیری‌اش کنید.</translation>
    </message>
    <message>
        <source>Item %1: %2</source>
        <translation>مورد %1: %2</translation>
    </message>
    <message>
        <source>Member: %1, card %2, mobile %3</source>
        <translation>عضو: %1، کارت %2، موبایل %3</translation>
    </message>
    <message>
        <source>Recommendation score: %1 of 10</source>
        <translation>امتیاز توصیه: %1 از ۱۰</translation>
    </message>
    <message>
        <source>Category: %1</source>
        <translation>دسته: %1</translation>
    </message>
    <message>
        <source>Purchase number %1</source>
        <translation>خرید شمارهٔ %1</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>نظر: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>وضعیت: %1</translation>
    </message>
    <message>
        <source>Resolved by %1 on %2: %3</source>
        <translation>حل‌شده به دست %1 در %2: %3</translation>
    </message>
    <message>
        <source>Marked as contacted.</source>
        <translation>تماس با مشتری ثبت شد.</translation>
    </message>
    <message>
        <source>Resolved.</source>
        <translation>مورد حل شد.</translation>
    </message>
    <message>
        <source>Logged as item %1.</source>
        <translation>به‌عنوان مورد %1 ثبت شد.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Sales through the club today</source>
        <translation>فروش باشگاه امروز</translation>
    </message>
    <message>
        <source>Members served today</source>
        <translation>اعضای خریدار امروز</translation>
    </message>
    <message>
        <source>New members today</source>
        <translation>اعضای جدید امروز</translation>
    </message>
    <message>
        <source>Points earned today</source>
        <translation>امتیاز کسب‌شده امروز</translation>
    </message>
    <message>
        <source>Points redeemed today</source>
        <translation>امتیاز استفاده‌شده امروز</translation>
    </message>
    <message>
        <source>Points liability</source>
        <translation>بدهی امتیاز</translation>
    </message>
    <message>
        <source>NPS, last 30 days</source>
        <translation>NPS، ۳۰ روز گذشته</translation>
    </message>
    <message>
        <source>Members at risk</source>
        <translation>اعضای در خطر</translation>
    </message>
    <message>
        <source>Birthdays today</source>
        <translation>تولدهای امروز</translation>
    </message>
    <message>
        <source>Open follow-ups</source>
        <translation>پیگیری‌های باز</translation>
    </message>
    <message>
        <source>%1 (%2 purchases)</source>
        <translation>%1 (%2 خرید)</translation>
    </message>
    <message>
        <source>Promoters minus detractors of the surveys answered in the last 30 days</source>
        <translation>درصد مروجان منهای درصد منتقدان در نظرسنجی‌های ۳۰ روز گذشته</translation>
    </message>
    <message>
        <source>Sales, last 14 days (%1)</source>
        <translation>فروش ۱۴ روز گذشته (%1)</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>فروش</translation>
    </message>
    <message>
        <source>No sales in these days.</source>
        <translation>در این روزها فروشی نبوده است.</translation>
    </message>
    <message>
        <source>Sales by month (%1)</source>
        <translation>فروش ماه به ماه (%1)</translation>
    </message>
    <message>
        <source>No sales in these months.</source>
        <translation>در این ماه‌ها فروشی نبوده است.</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <source>Today at a glance</source>
        <translation>امروز در یک نگاه</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>نام خانوادگی</translation>
    </message>
    <message>
        <source>Full name (first and last)</source>
        <translation>نام و نام خانوادگی (با هم)</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>تاریخ تولد</translation>
    </message>
    <message>
        <source>National code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>جنسیت</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>SMS consent</source>
        <translation>رضایت پیامک</translation>
    </message>
    <message>
        <source>Points balance</source>
        <translation>مانده امتیاز</translation>
    </message>
    <message>
        <source>Points dated</source>
        <translation>تاریخ امتیاز</translation>
    </message>
    <message>
        <source>Spend in the tier window</source>
        <translation>خرید دورهٔ سطح</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>عضو جدید</translation>
    </message>
    <message>
        <source>Merged into the member</source>
        <translation>ادغام با عضو موجود</translation>
    </message>
    <message>
        <source>Skipped: already a member</source>
        <translation>رد شد: از قبل عضو است</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>کنار گذاشته شد</translation>
    </message>
    <message>
        <source>Import members</source>
        <translation>ورود اعضا از فایل</translation>
    </message>
    <message>
        <source>An Excel (.xlsx) or CSV file with a header row</source>
        <translation>یک فایل اکسل (‎.xlsx) یا CSV با سطر عنوان ستون‌ها</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>انتخاب فایل…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>فایل</translation>
    </message>
    <message>
        <source>Preview again</source>
        <translation>پیش‌نمایش دوباره</translation>
    </message>
    <message>
        <source>Read the file again, e.g. after it was changed and saved</source>
        <translation>خواندن دوبارهٔ فایل، مثلاً پس از اینکه تغییر کرد و ذخیره شد</translation>
    </message>
    <message>
        <source>Which column is what</source>
        <translation>هر ستون چیست</translation>
    </message>
    <message>
        <source>Skip the row (the member stays as is)</source>
        <translation>ردیف رد شود (عضو همان‌طور که هست می‌ماند)</translation>
    </message>
    <message>
        <source>Card or mobile</source>
        <translation>کارت یا موبایل</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>شمارهٔ فاکتور</translation>
    </message>
    <message>
        <source>Past purchase</source>
        <translation>خرید گذشته</translation>
    </message>
    <message>
        <source>Skipped: receipt already in the club</source>
        <translation>رد شد: این فاکتور در باشگاه هست</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Past purchases (history from another program)</source>
        <translation>خریدهای گذشته (سابقه از برنامهٔ دیگر)</translation>
    </message>
    <message>
        <source>The file holds</source>
        <translation>محتوای پرونده</translation>
    </message>
    <message>
        <source>As the amount column&apos;s title says (else rial)</source>
        <translation>همان که عنوان ستون مبلغ می‌گوید (وگرنه ریال)</translation>
    </message>
    <message>
        <source>Rial</source>
        <translation>ریال</translation>
    </message>
    <message>
        <source>Toman</source>
        <translation>تومان</translation>
    </message>
    <message>
        <source>Earn points for them (by today&apos;s rule); otherwise they count for the tier only</source>
        <translation>برای آن‌ها امتیاز داده شود (با قاعدهٔ امروز)؛ وگرنه فقط در سطح عضویت حساب می‌شوند</translation>
    </message>
    <message>
        <source>Amounts in</source>
        <translation>واحد مبلغ‌ها</translation>
    </message>
    <message>
        <source>Merge (the file&apos;s filled-in values replace the member&apos;s)</source>
        <translation>ادغام (مقدارهای پرشدهٔ فایل جای مقدارهای عضو را می‌گیرند)</translation>
    </message>
    <message>
        <source>A mobile already in the club</source>
        <translation>موبایلی که از قبل در باشگاه است</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>ردیف</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>مشکل</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>وارد کردن</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Import past purchases</source>
        <translation>ورود خریدهای گذشته</translation>
    </message>
    <message>
        <source>Excel or CSV files (*.xlsx *.csv);;All files (*)</source>
        <translation>فایل‌های اکسل یا CSV (*.xlsx *.csv);;همهٔ فایل‌ها (*)</translation>
    </message>
    <message>
        <source>Reading the file… nothing is written yet.</source>
        <translation>در حال خواندن فایل… هنوز چیزی ثبت نمی‌شود.</translation>
    </message>
    <message>
        <source>(not in the file)</source>
        <translation>(در فایل نیست)</translation>
    </message>
    <message>
        <source>Column %1</source>
        <translation>ستون %1</translation>
    </message>
    <message>
        <source>%1 more rows without problems are not listed.</source>
        <translation>%1 ردیف دیگرِ بی‌مشکل در فهرست نیامده است.</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 merged, %3 skipped, %4 rows with problems left out.</source>
        <translation>وارد شد: %1 عضو تازه، %2 ادغام، %3 ردشده؛ %4 ردیف مشکل‌دار کنار گذاشته شد.</translation>
    </message>
    <message>
        <source>If imported: %1 new, %2 merged, %3 skipped, %4 rows with problems left out.</source>
        <translation>اگر وارد شود: %1 عضو تازه، %2 ادغام، %3 ردشده؛ %4 ردیف مشکل‌دار کنار گذاشته می‌شود.</translation>
    </message>
    <message>
        <source>Nothing is written until you press Import.</source>
        <translation>تا «وارد کردن» را نزنید چیزی ثبت نمی‌شود.</translation>
    </message>
    <message>
        <source>No row of this file would add or change a member.</source>
        <translation>هیچ ردیفی از این فایل عضوی را اضافه یا تغییر نمی‌دهد.</translation>
    </message>
    <message>
        <source>Imported: %1 past purchases (%2) of %3 members, %4 skipped, %5 rows with problems left out; %6 members moved up a tier.</source>
        <translation>وارد شد: %1 خرید گذشته (%2) از %3 عضو، %4 ردشده، %5 ردیف مشکل‌دار کنار گذاشته شد؛ %6 عضو یک سطح بالا رفتند.</translation>
    </message>
    <message>
        <source>If imported: %1 past purchases (%2) of %3 members, %4 skipped, %5 rows with problems left out; %6 members would move up a tier.</source>
        <translation>اگر وارد شود: %1 خرید گذشته (%2) از %3 عضو، %4 ردشده، %5 ردیف مشکل‌دار کنار گذاشته می‌شود؛ %6 عضو یک سطح بالا می‌روند.</translation>
    </message>
    <message>
        <source>No row of this file would add a purchase.</source>
        <translation>هیچ ردیفی از این پرونده خریدی نمی‌افزاید.</translation>
    </message>
    <message>
        <source>Rows %1 were not UTF-8 and were read as Windows-1256 (Arabic Windows) text: check their names.</source>
        <translation>ردیف‌های %1 UTF-8 نبودند و به‌صورت متن Windows-1256 (عربی ویندوز) خوانده شدند: نام‌هایشان را بررسی کنید.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>در حال وارد کردن…</translation>
    </message>
    <message>
        <source>Done: %1 past purchases imported.</source>
        <translation>انجام شد: %1 خرید گذشته وارد شد.</translation>
    </message>
    <message>
        <source>Done: %1 members added and %2 merged.</source>
        <translation>انجام شد: %1 عضو اضافه و %2 عضو ادغام شد.</translation>
    </message>
</context>
<context>
    <name>ImportExportTab</name>
    <message>
        <source>Import members…</source>
        <translation>ورود اعضا از فایل…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>خروجی گرفتن…</translation>
    </message>
    <message>
        <source>Members from an Excel or CSV file as your shop keeps them: you see every row and every problem first, and nothing is imported until you confirm.</source>
        <translation>اعضا از فایل اکسل یا CSV، همان‌طور که فروشگاه نگه می‌دارد: اول همهٔ ردیف‌ها و همهٔ مشکل‌ها را می‌بینید و تا تأیید نکنید چیزی وارد نمی‌شود.</translation>
    </message>
    <message>
        <source>The members, the purchases or the points ledger to an Excel or CSV file.</source>
        <translation>اعضا، خریدها یا دفتر امتیاز در یک فایل اکسل یا CSV.</translation>
    </message>
    <message>
        <source>Imported from %1: %2 new members, %3 merged.</source>
        <translation>از %1 وارد شد: %2 عضو تازه، %3 ادغام.</translation>
    </message>
    <message>
        <source>Imported from %1: %2 past purchases, %3 already there.</source>
        <translation>از %1 وارد شد: %2 خرید گذشته؛ %3 از قبل بود.</translation>
    </message>
    <message>
        <source>%1 rows written to %2.</source>
        <translation>%1 ردیف در %2 نوشته شد.</translation>
    </message>
</context>
<context>
    <name>JalaliMonthPopup</name>
    <message>
        <source>Previous month (Page Up)</source>
        <translation>ماه قبل (Page Up)</translation>
    </message>
    <message>
        <source>Next month (Page Down)</source>
        <translation>ماه بعد (Page Down)</translation>
    </message>
    <message>
        <source>Sa</source>
        <comment>Saturday</comment>
        <translation>ش</translation>
    </message>
    <message>
        <source>Su</source>
        <comment>Sunday</comment>
        <translation>ی</translation>
    </message>
    <message>
        <source>Mo</source>
        <comment>Monday</comment>
        <translation>د</translation>
    </message>
    <message>
        <source>Tu</source>
        <comment>Tuesday</comment>
        <translation>س</translation>
    </message>
    <message>
        <source>We</source>
        <comment>Wednesday</comment>
        <translation>چ</translation>
    </message>
    <message>
        <source>Th</source>
        <comment>Thursday</comment>
        <translation>پ</translation>
    </message>
    <message>
        <source>Fr</source>
        <comment>Friday</comment>
        <translation>ج</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Customer survey</source>
        <translation>نظرسنجی مشتری</translation>
    </message>
    <message>
        <source>Close the kiosk</source>
        <translation>بستن کیوسک</translation>
    </message>
    <message>
        <source>Thank you for shopping with us</source>
        <translation>از خرید شما سپاسگزاریم</translation>
    </message>
    <message>
        <source>The cashier will invite you to rate your visit.</source>
        <translation>صندوق‌دار از شما دعوت می‌کند نظرتان را بگویید.</translation>
    </message>
    <message>
        <source>How likely are you to recommend us to a friend or colleague?</source>
        <translation>چقدر احتمال دارد ما را به یک دوست یا همکار پیشنهاد کنید؟</translation>
    </message>
    <message>
        <source>Not at all likely</source>
        <translation>به هیچ وجه</translation>
    </message>
    <message>
        <source>Extremely likely</source>
        <translation>حتماً</translation>
    </message>
    <message>
        <source>How was each part of your visit?</source>
        <translation>هر بخش از خریدتان چطور بود؟</translation>
    </message>
    <message>
        <source>Anything you would like to tell us? (optional)</source>
        <translation>حرفی با ما دارید؟ (اختیاری)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>بازگشت</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>ارسال</translation>
    </message>
    <message>
        <source>Thank you! Your answers help us serve you better.</source>
        <translation>سپاسگزاریم! پاسخ‌های شما به ما کمک می‌کند بهتر خدمت کنیم.</translation>
    </message>
    <message>
        <source>Dear %1,</source>
        <translation>%1 گرامی،</translation>
    </message>
    <message>
        <source>We are sorry we fell short. The manager will get in touch with you.</source>
        <translation>متأسفیم که راضی نبودید. مدیر فروشگاه با شما تماس می‌گیرد.</translation>
    </message>
</context>
<context>
    <name>LoyaltyDesk</name>
    <message>
        <source>LoyaltyDesk</source>
        <translation>LoyaltyDesk</translation>
    </message>
</context>
<context>
    <name>LoyaltyError</name>
    <message>
        <source>Cannot write {path}: {reason}.</source>
        <translation>نوشتن در {path} ممکن نیست: {reason}.</translation>
    </message>
    <message>
        <source>Points to redeem cannot be negative.</source>
        <translation>امتیاز مصرفی نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>The points balance is {balance}: nothing can be redeemed until it is positive.</source>
        <translation>ماندهٔ امتیاز {balance} است: تا مثبت نشود، امتیازی قابل استفاده نیست.</translation>
    </message>
    <message>
        <source>Only {balance} points are available; {points} were asked for.</source>
        <translation>فقط {balance} امتیاز موجود است؛ {points} امتیاز درخواست شد.</translation>
    </message>
    <message>
        <source>At most {max_points} points can be redeemed on this purchase ({cap}, {cap_percent}% of {base}).</source>
        <translation>در این خرید حداکثر {max_points} امتیاز را می‌توان خرج کرد ({cap}، {cap_percent}٪ از {base}).</translation>
    </message>
    <message>
        <source>A purchase cannot be more than {maximum} (the club&apos;s ceiling): check the amount.</source>
        <translation>خرید بیش از {maximum} (سقف باشگاه) ثبت نمی‌شود: مبلغ را بررسی کنید.</translation>
    </message>
    <message>
        <source>Points cannot be redeemed: the club gives a point no value.</source>
        <translation>امتیاز قابل استفاده نیست: در باشگاه برای امتیاز ارزشی تعیین نشده است.</translation>
    </message>
    <message>
        <source>The purchase amount must be more than zero.</source>
        <translation>مبلغ خرید باید بیشتر از صفر باشد.</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>پیدا نشد.</translation>
    </message>
    <message>
        <source>Your role may not do this.</source>
        <translation>نقش شما اجازهٔ این کار را ندارد.</translation>
    </message>
    <message>
        <source>Mobile {mobile} already belongs to member {name} (card {card}).</source>
        <translation>موبایل {mobile} پیش‌تر برای عضو {name} (کارت {card}) ثبت شده است.</translation>
    </message>
    <message>
        <source>{value!r} is not an Iranian mobile number (09 and 9 more digits, e.g. 09121234567).</source>
        <translation>{value!r} شمارهٔ موبایل ایرانی نیست (۰۹ و ۹ رقم دیگر، مثلاً ۰۹۱۲۱۲۳۴۵۶۷).</translation>
    </message>
    <message>
        <source>{value!r} is not a valid national code (10 digits with a correct check digit).</source>
        <translation>{value!r} کد ملی معتبری نیست (۱۰ رقم با رقم کنترل درست).</translation>
    </message>
    <message>
        <source>{value!r} is not a valid card number (12 digits with a correct check digit).</source>
        <translation>{value!r} شمارهٔ کارت معتبری نیست (۱۲ رقم با رقم کنترل درست).</translation>
    </message>
    <message>
        <source>{value!r} is not a Jalali date (year/month/day, e.g. 1403/12/30).</source>
        <translation>{value!r} تاریخ شمسی نیست (سال/ماه/روز، مثلاً ۱۴۰۳/۱۲/۳۰).</translation>
    </message>
    <message>
        <source>{value!r} does not exist: {month} {year} has {days} days.</source>
        <translation>{value!r} وجود ندارد: {month} {year} {days} روز دارد.</translation>
    </message>
    <message>
        <source>{value!r} is not a date and time (ISO 8601, e.g. 2025-03-20T14:30, or Jalali in Tehran time, e.g. 1404/09/02 14:30).</source>
        <translation>{value!r} تاریخ و ساعت نیست (شمسی به وقت تهران، مثلاً ۱۴۰۴/۰۹/۰۲ ۱۴:۳۰، یا ISO 8601، مثلاً 2025-03-20T14:30).</translation>
    </message>
    <message>
        <source>{value!r} is not a birthday: give a Jalali date from {first} to today ({last}).</source>
        <translation>{value!r} تاریخ تولد نیست: تاریخی شمسی از {first} تا امروز ({last}) بدهید.</translation>
    </message>
    <message>
        <source>{value!r} looks like a Gregorian date; the Jalali date is asked here: {jalali}.</source>
        <translation>{value!r} تاریخ میلادی به نظر می‌رسد؛ اینجا تاریخ شمسی خواسته می‌شود: {jalali}.</translation>
    </message>
    <message>
        <source>{value!r} is not between the years {first} and {last}.</source>
        <translation>{value!r} بین سال‌های {first} و {last} نیست.</translation>
    </message>
    <message>
        <source>{value!r} is not a Jalali month.</source>
        <translation>{value!r} ماه شمسی نیست.</translation>
    </message>
    <message>
        <source>{value!r} is not an amount of money.</source>
        <translation>{value!r} مبلغ پول نیست.</translation>
    </message>
    <message>
        <source>An amount cannot be negative.</source>
        <translation>مبلغ نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>{value!r} is too large for an amount.</source>
        <translation>{value!r} برای مبلغ بیش از حد بزرگ است.</translation>
    </message>
    <message>
        <source>{value!r} has a fraction of a rial; amounts are whole rials.</source>
        <translation>{value!r} کسری از ریال دارد؛ مبلغ‌ها ریال کامل‌اند.</translation>
    </message>
    <message>
        <source>{value!r} is not a percent between 0 and {maximum}.</source>
        <translation>{value!r} درصدی بین ۰ و {maximum} نیست.</translation>
    </message>
    <message>
        <source>{value!r} is not an amount: thousands are grouped by three digits (12,500); a decimal part takes a point (12.5).</source>
        <translation>{value!r} مبلغ نیست: هزارگان سه‌رقمی جدا می‌شوند (۱۲٬۵۰۰) و بخش اعشاری با ممیز می‌آید (۱۲٫۵).</translation>
    </message>
    <message>
        <source>{value!r} is not a whole number.</source>
        <translation>{value!r} عدد صحیح نیست.</translation>
    </message>
    <message>
        <source>{value!r} must be between {minimum} and {maximum}.</source>
        <translation>{value!r} باید بین {minimum} و {maximum} باشد.</translation>
    </message>
    <message>
        <source>{value!r} is less than {minimum}.</source>
        <translation>{value!r} کمتر از {minimum} است.</translation>
    </message>
    <message>
        <source>{value!r} is more than {maximum}.</source>
        <translation>{value!r} بیشتر از {maximum} است.</translation>
    </message>
    <message>
        <source>A user name is 2 to 32 English letters, digits, dot, dash or underscore.</source>
        <translation>نام کاربری ۲ تا ۳۲ حرف انگلیسی، رقم، نقطه، خط تیره یا زیرخط است.</translation>
    </message>
    <message>
        <source>A password needs at least {n} characters.</source>
        <translation>رمز عبور دست‌کم {n} نویسه لازم دارد.</translation>
    </message>
    <message>
        <source>A password may not begin or end with a space.</source>
        <translation>رمز عبور نباید با فاصله شروع یا تمام شود.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>دو رمز عبور یکسان نیستند.</translation>
    </message>
    <message>
        <source>The shop needs a name.</source>
        <translation>فروشگاه نام لازم دارد.</translation>
    </message>
    <message>
        <source>The display unit is toman or rial.</source>
        <translation>واحد نمایش تومان یا ریال است.</translation>
    </message>
    <message>
        <source>The spend for one point must be at least {minimum}.</source>
        <translation>مبلغ خرید برای هر امتیاز دست‌کم {minimum} است.</translation>
    </message>
    <message>
        <source>A point&apos;s value cannot be negative.</source>
        <translation>ارزش امتیاز نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>The redemption cap is a percent between 0 and 100.</source>
        <translation>سقف پرداخت با امتیاز درصدی بین ۰ و ۱۰۰ است.</translation>
    </message>
    <message>
        <source>Expiry is between 0 (never) and 120 months.</source>
        <translation>انقضا بین ۰ (هرگز) و ۱۲۰ ماه است.</translation>
    </message>
    <message>
        <source>The qualifying window is rolling12 or jalali-year.</source>
        <translation>بازهٔ محاسبهٔ سطح rolling12 یا jalali-year است.</translation>
    </message>
    <message>
        <source>The referral bonus cannot be negative.</source>
        <translation>هدیهٔ معرفی نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>A bonus is between 0 (off) and {maximum} points.</source>
        <translation>هدیه بین ۰ (خاموش) تا {maximum} امتیاز است.</translation>
    </message>
    <message>
        <source>The backup folder is not a usable path.</source>
        <translation>پوشهٔ پشتیبان مسیر قابل استفاده‌ای نیست.</translation>
    </message>
    <message>
        <source>Daily backups kept is between 1 and 366.</source>
        <translation>تعداد پشتیبان‌های روزانه بین ۱ و ۳۶۶ است.</translation>
    </message>
    <message>
        <source>Weekly backups kept is between 0 and 520.</source>
        <translation>تعداد پشتیبان‌های هفتگی بین ۰ و ۵۲۰ است.</translation>
    </message>
    <message>
        <source>The space for automatic backups is between 0 (no limit) and {maximum} MB.</source>
        <translation>فضای پشتیبان‌های خودکار بین ۰ (بدون محدودیت) و {maximum} مگابایت است.</translation>
    </message>
    <message>
        <source>This amount must be more than zero.</source>
        <translation>این مبلغ باید بیشتر از صفر باشد.</translation>
    </message>
    <message>
        <source>A sale can be voided for 0 (never) to {maximum} minutes.</source>
        <translation>مهلت ابطال فروش بین ۰ (هرگز) تا {maximum} دقیقه است.</translation>
    </message>
    <message>
        <source>The recommendation score is a whole number from 0 to 10, not {value!r}.</source>
        <translation>نمرهٔ توصیه عددی صحیح از ۰ تا ۱۰ است، نه {value!r}.</translation>
    </message>
    <message>
        <source>{aspect}: stars are a whole number from 1 to 5, not {value!r}.</source>
        <translation>{aspect}: ستاره‌ها عددی صحیح از ۱ تا ۵ است، نه {value!r}.</translation>
    </message>
    <message>
        <source>{aspect!r} is not one of the aspects the club asks about ({aspects}).</source>
        <translation>{aspect!r} از موضوع‌های نظرسنجی باشگاه نیست ({aspects}).</translation>
    </message>
    <message>
        <source>The comment is too long (at most {limit} characters).</source>
        <translation>نظر بیش از حد بلند است (حداکثر {limit} نویسه).</translation>
    </message>
    <message>
        <source>Give between 1 and {limit} aspects, each a short name used once.</source>
        <translation>بین ۱ تا {limit} موضوع بدهید، هر کدام یک نام کوتاه و تکراری‌نشده.</translation>
    </message>
    <message>
        <source>The note is too long (at most {limit} characters).</source>
        <translation>یادداشت بیش از حد بلند است (حداکثر {limit} نویسه).</translation>
    </message>
    <message>
        <source>Say how it was resolved: a resolution is required.</source>
        <translation>بنویسید چطور حل شد: شرح راه‌حل لازم است.</translation>
    </message>
    <message>
        <source>{value!r} is not a complaint category ({categories}).</source>
        <translation>{value!r} دستهٔ شکایت نیست ({categories}).</translation>
    </message>
    <message>
        <source>Describe the complaint or return in a few words.</source>
        <translation>شکایت یا مرجوعی را در چند کلمه شرح دهید.</translation>
    </message>
    <message>
        <source>Follow-up {id} is {status}; it cannot be marked {target}.</source>
        <translation>پیگیری {id} در وضعیت {status} است؛ نمی‌شود آن را {target} کرد.</translation>
    </message>
    <message>
        <source>A tier needs a name.</source>
        <translation>سطح نام لازم دارد.</translation>
    </message>
    <message>
        <source>There is already a tier named {name}.</source>
        <translation>سطحی به نام {name} از قبل هست.</translation>
    </message>
    <message>
        <source>Tier {other} already has the threshold {threshold}; thresholds must differ.</source>
        <translation>سطح {other} همین آستانهٔ {threshold} را دارد؛ آستانه‌ها باید متفاوت باشند.</translation>
    </message>
    <message>
        <source>A tier&apos;s threshold cannot be negative.</source>
        <translation>آستانهٔ سطح نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>A tier&apos;s discount is a percent between 0 and 100.</source>
        <translation>تخفیف سطح درصدی بین ۰ و ۱۰۰ است.</translation>
    </message>
    <message>
        <source>The points multiplier must be between 0% and 1000%.</source>
        <translation>ضریب امتیاز باید بین ۰٪ و ۱۰۰۰٪ باشد.</translation>
    </message>
    <message>
        <source>The birthday bonus cannot be negative.</source>
        <translation>هدیهٔ تولد نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>{value!r} is not a colour like #c0a062.</source>
        <translation>{value!r} رنگی مانند #c0a062 نیست.</translation>
    </message>
    <message>
        <source>A tier qualifies by spend, visits or either.</source>
        <translation>سطح با خرید، با مراجعه یا با هر یک از این دو به دست می‌آید.</translation>
    </message>
    <message>
        <source>A tier that qualifies by visits needs between 1 and {maximum} visits.</source>
        <translation>سطحی که با مراجعه به دست می‌آید بین ۱ تا {maximum} مراجعه لازم دارد.</translation>
    </message>
    <message>
        <source>The least amount of a visit cannot be negative.</source>
        <translation>کمترین مبلغ یک مراجعه نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>Something went wrong and was written to the error log. Nothing was half-saved; please try again.</source>
        <translation>مشکلی پیش آمد و در گزارش خطاها ثبت شد. چیزی نیمه‌کاره ذخیره نشد؛ لطفاً دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>There are no cards to print.</source>
        <translation>کارتی برای چاپ نیست.</translation>
    </message>
    <message>
        <source>{layout!r} is not a card layout (sheet or single).</source>
        <translation>{layout!r} چیدمان کارت نیست (sheet یا single).</translation>
    </message>
    <message>
        <source>{card!r} is not a card number that can be printed.</source>
        <translation>{card!r} شمارهٔ کارتی نیست که بشود چاپ کرد.</translation>
    </message>
    <message>
        <source>The logo {logo} cannot be read as an image.</source>
        <translation>لوگوی {logo} به‌صورت تصویر خوانده نمی‌شود.</translation>
    </message>
    <message>
        <source>{width} mm is not a receipt roll width (80 or 58).</source>
        <translation>{width} میلی‌متر عرض رول رسید نیست (۸۰ یا ۵۸).</translation>
    </message>
    <message>
        <source>There is no backup file {path}.</source>
        <translation>فایل پشتیبان {path} وجود ندارد.</translation>
    </message>
    <message>
        <source>The backup {name} is encrypted: give its passphrase.</source>
        <translation>پشتیبان {name} رمزگذاری شده است: عبارت عبورش را وارد کنید.</translation>
    </message>
    <message>
        <source>The passphrase is wrong, or the backup {name} is damaged.</source>
        <translation>عبارت عبور نادرست است، یا پشتیبان {name} آسیب دیده است.</translation>
    </message>
    <message>
        <source>The backup {name} was encrypted by a newer LoyaltyDesk (format {version}); update the program first.</source>
        <translation>پشتیبان {name} با نسخهٔ جدیدتری از LoyaltyDesk رمزگذاری شده (قالب {version})؛ اول برنامه را به‌روز کنید.</translation>
    </message>
    <message>
        <source>The backup {name} asks for encryption settings LoyaltyDesk never writes (scrypt N=2^{log2_n}, r={r}, p={p}, chunks of {chunk} bytes): it is damaged or was not made by LoyaltyDesk. Nothing was read from it.</source>
        <translation>پشتیبان {name} تنظیمات رمزگذاری‌ای دارد که LoyaltyDesk هرگز نمی‌نویسد (scrypt N=2^{log2_n}، r={r}، p={p}، تکه‌های {chunk} بایتی): یا آسیب دیده است یا LoyaltyDesk آن را نساخته است. چیزی از آن خوانده نشد.</translation>
    </message>
    <message>
        <source>A backup passphrase is at least {minimum} characters.</source>
        <translation>عبارت عبور پشتیبان دست‌کم {minimum} نویسه است.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>دو عبارت عبور یکسان نیستند.</translation>
    </message>
    <message>
        <source>No backup was made: without a passphrase an encrypted club&apos;s backup is sealed to its owners, and their backup keys are missing from the club&apos;s key file or were not signed by an owner (the key file was changed). Sign in again as the owner, which makes a new one, or give the backup a passphrase.</source>
        <translation>پشتیبانی ساخته نشد: پشتیبانِ باشگاهِ رمزگذاری‌شده بدون عبارت عبور برای مالکانش مهر می‌شود، و کلیدهای پشتیبانِ مالکان در پرونده‌ی کلید باشگاه نیست یا مالکی آن را امضا نکرده است (پرونده‌ی کلید تغییر کرده است). دوباره با حساب مالک وارد شوید تا کلید تازه‌ای ساخته شود، یا برای پشتیبان عبارت عبور بدهید.</translation>
    </message>
    <message>
        <source>The backup {name} is refused: its schema is not the one LoyaltyDesk wrote at its version ({version}): {differences}. A backup changed this way may carry a trap; nothing was replaced.</source>
        <translation>پشتیبان {name} پذیرفته نشد: ساختار آن همان نیست که لویالتی‌دسک در نسخهٔ آن ({version}) نوشته است: {differences}. پشتیبانی که این‌گونه تغییر کرده ممکن است دامی در خود داشته باشد؛ چیزی جایگزین نشد.</translation>
    </message>
    <message>
        <source>The passphrase of the backup {name} is wrong.</source>
        <translation>عبارت عبور پشتیبان {name} نادرست است.</translation>
    </message>
    <message>
        <source>The backup {name} is cut short: its copy was interrupted, or the disk was removed too early. Use another backup.</source>
        <translation>پشتیبان {name} ناقص است: کپی‌اش نیمه‌کاره ماند، یا دیسک زودتر از موعد جدا شد. از پشتیبان دیگری استفاده کنید.</translation>
    </message>
    <message>
        <source>The backup {name} is damaged: part of it changed after it was written (a failing disk or stick). Use another backup.</source>
        <translation>پشتیبان {name} آسیب دیده است: بخشی از آن پس از نوشته‌شدن تغییر کرده است (دیسک یا فلش معیوب). از پشتیبان دیگری استفاده کنید.</translation>
    </message>
    <message>
        <source>The backup written to {path} did not read back correctly ({detail}), so it was deleted. Back up again, or to another disk.</source>
        <translation>پشتیبانی که در {path} نوشته شد درست بازخوانی نشد ({detail})، پس پاک شد. دوباره پشتیبان بگیرید، یا روی دیسک دیگری.</translation>
    </message>
    <message>
        <source>The backup {name} is damaged: it does not unpack ({detail}). Use another backup.</source>
        <translation>پشتیبان {name} آسیب دیده است: باز نمی‌شود ({detail}). از پشتیبان دیگری استفاده کنید.</translation>
    </message>
    <message>
        <source>Cannot use the backup folder {folder}: {reason}.</source>
        <translation>استفاده از پوشهٔ پشتیبان {folder} ممکن نیست: {reason}.</translation>
    </message>
    <message>
        <source>SQLite integrity check: {detail}</source>
        <translation>بررسی سلامت SQLite: {detail}</translation>
    </message>
    <message>
        <source>Row {rowid} of {table} points at a missing row of {parent}.</source>
        <translation>ردیف {rowid} از {table} به ردیفی از {parent} اشاره می‌کند که وجود ندارد.</translation>
    </message>
    <message>
        <source>The member name search index disagrees with the members.</source>
        <translation>نمایهٔ جست‌وجوی نام اعضا با فهرست اعضا هم‌خوان نیست.</translation>
    </message>
    <message>
        <source>Member {card}: cached balance {cached} but the ledger sums to {ledger}.</source>
        <translation>عضو {card}: ماندهٔ ذخیره‌شده {cached} است اما جمع دفتر امتیاز {ledger} می‌شود.</translation>
    </message>
    <message>
        <source>Member {member_id}: lot {lot} holds {stored} points but the ledger leaves {expected}.</source>
        <translation>عضو {member_id}: دستهٔ امتیاز {lot} {stored} امتیاز دارد اما طبق دفتر باید {expected} باشد.</translation>
    </message>
    <message>
        <source>Lot {lot}: its member or expiry differs from the ledger entry that opened it.</source>
        <translation>دستهٔ امتیاز {lot}: عضو یا انقضای آن با ردیف دفتری که آن را ساخته فرق دارد.</translation>
    </message>
    <message>
        <source>Member {card}: the stored {column} does not match the member&apos;s details; search would miss them.</source>
        <translation>عضو {card}: {column} ذخیره‌شده با مشخصات عضو نمی‌خواند؛ جست‌وجو او را پیدا نمی‌کند.</translation>
    </message>
    <message>
        <source>{table} row {rowid}: {value!r} is not a stored UTC moment.</source>
        <translation>{table} ردیف {rowid}: {value!r} زمان UTC ذخیره‌شده نیست.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id}: marked {cached} refunded but its refunds sum to {refunds}.</source>
        <translation>خرید {purchase_id}: مبلغ مرجوعی {cached} ثبت شده اما جمع مرجوعی‌هایش {refunds} است.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id}: earned {earned} / redeemed {redeemed} in the ledger, {points_earned} / {points_redeemed} on the purchase.</source>
        <translation>خرید {purchase_id}: در دفتر امتیاز {earned} کسب‌شده / {redeemed} استفاده‌شده، و روی خرید {points_earned} / {points_redeemed}.</translation>
    </message>
    <message>
        <source>Refund {refund_id}: reversed {reversed} / returned {returned} in the ledger, {points_reversed} / {points_returned} on the refund.</source>
        <translation>مرجوعی {refund_id}: در دفتر امتیاز {reversed} برگشت‌خورده / {returned} بازگردانده، و روی مرجوعی {points_reversed} / {points_returned}.</translation>
    </message>
    <message>
        <source>Member {card}: in tier {tier} but the tier history last moved them to {history}.</source>
        <translation>عضو {card}: در سطح {tier} است اما در تاریخچهٔ سطح آخرین بار به {history} رفته است.</translation>
    </message>
    <message>
        <source>Member {card}: the visits of at least {floor} kept since {since} are {stored} (first {until}) but the purchases give {counted} (first {first}).</source>
        <translation>عضو {card}: مراجعه‌های دست‌کم {floor} نگه‌داشته از {since} برابر {stored} است (نخستین {until}) اما خریدها {counted} می‌دهند (نخستین {first}).</translation>
    </message>
    <message>
        <source>Member {card}: {visits} visits reach tier {deserved} but the member is in {tier}; run the tier review.</source>
        <translation>عضو {card}: {visits} مراجعه به سطح {deserved} می‌رسد اما عضو در {tier} است؛ بازبینی سطح‌ها را اجرا کنید.</translation>
    </message>
    <message>
        <source>Member {member_id}: the report figures disagree with their purchases; run `loyaltydesk report rebuild`.</source>
        <translation>عضو {member_id}: ارقام گزارش با خریدهایش نمی‌خواند؛ `loyaltydesk report rebuild` را اجرا کنید.</translation>
    </message>
    <message>
        <source>Period {period}: the report figures ({what}) disagree with the purchases; run `loyaltydesk report rebuild`.</source>
        <translation>دورهٔ {period}: ارقام گزارش ({what}) با خریدها نمی‌خواند؛ `loyaltydesk report rebuild` را اجرا کنید.</translation>
    </message>
    <message>
        <source>Follow-up check ({what}) fails for {id}.</source>
        <translation>بررسی پیگیری ({what}) برای {id} ناموفق است.</translation>
    </message>
    <message>
        <source>Offer {code}: its use disagrees with the purchases (used by one that does not name it, or the reverse).</source>
        <translation>پیشنهاد {code}: استفاده از آن با خریدها نمی‌خواند (خریدی آن را استفاده‌شده می‌داند که نامش را ندارد، یا برعکس).</translation>
    </message>
    <message>
        <source>Reward redemption {redemption_id}: its ledger entry is not a redemption of its points.</source>
        <translation>دریافت جایزهٔ {redemption_id}: ردیف دفتر امتیازش برداشت همان امتیاز نیست.</translation>
    </message>
    <message>
        <source>The audit log: rows {first} to {last} are missing (deleted from the file).</source>
        <translation>دفتر رویدادها: ردیف‌های {first} تا {last} نیستند (از پرونده پاک شده‌اند).</translation>
    </message>
    <message>
        <source>The audit log: row {rowid} does not follow from the row before it (it was altered, or slipped in by hand).</source>
        <translation>دفتر رویدادها: ردیف {rowid} از ردیف پیش از خود پیروی نمی‌کند (دستکاری شده، یا با دست در میان گذاشته شده است).</translation>
    </message>
    <message>
        <source>The audit log: {count} more places where its chain breaks.</source>
        <translation>دفتر رویدادها: {count} جای دیگر که زنجیرهٔ آن گسسته است.</translation>
    </message>
    <message>
        <source>The points ledger: entries {first} to {last} are missing (deleted from the file).</source>
        <translation>دفتر امتیازها: ردیف‌های {first} تا {last} نیستند (از پرونده پاک شده‌اند).</translation>
    </message>
    <message>
        <source>The points ledger: entry {rowid} does not follow from the entry before it (it was altered, or slipped in by hand).</source>
        <translation>دفتر امتیازها: ردیف {rowid} از ردیف پیش از خود پیروی نمی‌کند (دستکاری شده، یا با دست در میان گذاشته شده است).</translation>
    </message>
    <message>
        <source>The points ledger: {count} more places where its chain breaks.</source>
        <translation>دفتر امتیازها: {count} جای دیگر که زنجیرهٔ آن گسسته است.</translation>
    </message>
    <message>
        <source>Ledger entry {entry_id} ({entry_kind}, {points} points, member {member_id}) has no audit row: nothing in LoyaltyDesk wrote it.</source>
        <translation>ردیف {entry_id} دفتر امتیازها ({entry_kind}، {points} امتیاز، عضو {member_id}) هیچ ردیفی در دفتر رویدادها ندارد: لویالتی‌دسک آن را ننوشته است.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id} has no audit row.</source>
        <translation>خرید {purchase_id} هیچ ردیفی در دفتر رویدادها ندارد.</translation>
    </message>
    <message>
        <source>{count} more ledger entries have no audit row.</source>
        <translation>{count} ردیف دیگر دفتر امتیاز هم ردیفی در گزارش تغییرات ندارند.</translation>
    </message>
    <message>
        <source>{count} more purchases have no audit row.</source>
        <translation>{count} خرید دیگر هم ردیفی در گزارش تغییرات ندارند.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id}: {refunds} refunds but {audited} in the audit log.</source>
        <translation>خرید {purchase_id}: {refunds} مرجوعی دارد ولی {audited} در دفتر رویدادها.</translation>
    </message>
    <message>
        <source>The members&apos; balances add up to {balances} points but the ledger to {ledger}.</source>
        <translation>مانده‌ی امتیاز اعضا روی هم {balances} امتیاز است، ولی دفتر امتیازها {ledger}.</translation>
    </message>
    <message>
        <source>The open lots hold {lots} points but the members&apos; positive balances add up to {balances}.</source>
        <translation>بسته‌های باز امتیاز {lots} امتیاز دارند، ولی مانده‌های مثبت اعضا روی هم {balances} است.</translation>
    </message>
    <message>
        <source>The club&apos;s schema is not the one this version of LoyaltyDesk made: {difference}.</source>
        <translation>ساختار پایگاه داده همان نیست که این نسخهٔ لویالتی‌دسک ساخته است: {difference}.</translation>
    </message>
    <message>
        <source>The server&apos;s user {role} may {right} on {table}, more than a till needs (given outside LoyaltyDesk): the server&apos;s administrator takes it back (REVOKE), then checks again.</source>
        <translation>کاربر سرور {role} اجازهٔ {right} روی {table} را دارد، بیش از آنچه یک صندوق لازم دارد (بیرون از LoyaltyDesk داده شده): مدیر سرور آن را پس بگیرد (REVOKE) و دوباره بررسی کند.</translation>
    </message>
    <message>
        <source>The club&apos;s schema could not be compared: the server keeps no record of this version&apos;s schema for the tills&apos; user, which may not make one. The server&apos;s administrator runs &apos;loyaltydesk server upgrade postgresql://ADMIN@HOST/DATABASE&apos; once (it keeps it), then check again.</source>
        <translation>ساختار باشگاه مقایسه نشد: سرور برای کاربر صندوق‌ها سابقه‌ای از ساختار این نسخه نگه نمی‌دارد و این کاربر اجازهٔ ساختن آن را ندارد. مدیر سرور یک بار &apos;loyaltydesk server upgrade postgresql://ADMIN@HOST/DATABASE&apos; را اجرا کند (آن را نگه می‌دارد)، سپس دوباره بررسی کنید.</translation>
    </message>
    <message>
        <source>The seal of {at} ({fingerprint}) is not signed by the owner key it names: it was forged or edited.</source>
        <translation>مهر {at} ({fingerprint}) امضای کلید مالکی را که نام می‌برد ندارد: جعل یا دستکاری شده است.</translation>
    </message>
    <message>
        <source>The seal of {at} ({fingerprint}) sealed the audit log up to row {rowid} ({rows} rows); the file no longer holds that: the log before it was rewritten.</source>
        <translation>مهر {at} ({fingerprint}) دفتر رویدادها را تا ردیف {rowid} ({rows} ردیف) مهر کرده بود؛ پرونده دیگر چنین نیست: دفتر پیش از آن بازنویسی شده است.</translation>
    </message>
    <message>
        <source>The seal of {at} ({fingerprint}) sealed the points ledger up to entry {rowid} ({rows} entries); the file no longer holds that: the ledger before it was rewritten.</source>
        <translation>مهر {at} ({fingerprint}) دفتر امتیازها را تا ردیف {rowid} ({rows} ردیف) مهر کرده بود؛ پرونده دیگر چنین نیست: دفتر پیش از آن بازنویسی شده است.</translation>
    </message>
    <message>
        <source>The check&apos;s proof of {at} ({fingerprint}) is not signed by the owner key it names: it was forged or edited.</source>
        <translation>گواهی بررسی {at} ({fingerprint}) امضای کلید مالکی را که نام می‌برد ندارد: جعل یا دستکاری شده است.</translation>
    </message>
    <message>
        <source>The check of {at} ({fingerprint}) proved the audit log up to row {rowid} ({rows} rows); the file no longer holds that: rows before it were deleted or the log rewritten (walked again from its first row).</source>
        <translation>بررسی {at} ({fingerprint}) درستی دفتر رویدادها را تا ردیف {rowid} ({rows} ردیف) گواهی کرده بود؛ پرونده دیگر چنین نیست: ردیف‌هایی پیش از آن پاک یا دفتر بازنویسی شده است (دوباره از ردیف نخست پیموده شد).</translation>
    </message>
    <message>
        <source>The check of {at} ({fingerprint}) proved the points ledger up to entry {rowid} ({rows} entries); the file no longer holds that: entries before it were deleted or the ledger rewritten (walked again from its first entry).</source>
        <translation>بررسی {at} ({fingerprint}) درستی دفتر امتیازها را تا ردیف {rowid} ({rows} ردیف) گواهی کرده بود؛ پرونده دیگر چنین نیست: ردیف‌هایی پیش از آن پاک یا دفتر بازنویسی شده است (دوباره از ردیف نخست پیموده شد).</translation>
    </message>
    <message>
        <source>The check of {at} ({fingerprint}) proved the purchases&apos; audit rows up to purchase {rowid} ({rows} purchases); the file no longer holds as many: purchases before it were deleted or slipped in (every purchase looked at again).</source>
        <translation>بررسی {at} ({fingerprint}) ردیف رویداد خریدها را تا خرید {rowid} ({rows} خرید) گواهی کرده بود؛ شمار خریدهای پرونده دیگر همان نیست: خریدهایی پیش از آن پاک یا افزوده شده است (همهٔ خریدها دوباره بررسی شد).</translation>
    </message>
    <message>
        <source>User {username}: the role or the permission to sign in is not what an owner signed (changed in the file, or the user slipped in).</source>
        <translation>کاربر {username}: نقش یا اجازهٔ ورود او همان نیست که مالک امضا کرده است (در پرونده دستکاری شده، یا کاربر با دست افزوده شده است).</translation>
    </message>
    <message>
        <source>Member {card}: the window spend kept since {since} is {stored} (first purchase {until}) but the purchases give {spend} (first {first}).</source>
        <translation>عضو {card}: خرید بازهٔ نگه‌داشته از {since} برابر {stored} است (نخستین خرید {until}) اما خریدها {spend} می‌دهند (نخستین {first}).</translation>
    </message>
    <message>
        <source>Member {card}: the referrer&apos;s card kept in the row is {stored} but the referrer&apos;s card is {referrer}.</source>
        <translation>عضو {card}: کارت معرف که در ردیف عضو نگه داشته شده {stored} است اما کارت معرف {referrer} است.</translation>
    </message>
    <message>
        <source>Import {audit_id} of the change log wrote {audited} ({what}) but the club holds {held}.</source>
        <translation>ورود شمارهٔ {audit_id} در گزارش تغییرات {audited} ({what}) نوشته، اما باشگاه {held} دارد.</translation>
    </message>
    <message>
        <source>Member {card}: spend {spend} reaches tier {deserved} but the member is in {tier}; run the tier review.</source>
        <translation>عضو {card}: خرید {spend} به سطح {deserved} می‌رسد اما عضو در {tier} است؛ بازبینی سطح‌ها را اجرا کنید.</translation>
    </message>
    <message>
        <source>Member {card} is blocked: no purchases or redemptions.</source>
        <translation>عضو {card} مسدود است: خرید و استفاده از امتیاز ممکن نیست.</translation>
    </message>
    <message>
        <source>There is no coupon {code}.</source>
        <translation>کوپن {code} وجود ندارد.</translation>
    </message>
    <message>
        <source>Coupon {code} is not valid now.</source>
        <translation>کوپن {code} اکنون معتبر نیست.</translation>
    </message>
    <message>
        <source>Coupon {code} has been used up.</source>
        <translation>ظرفیت کوپن {code} تمام شده است.</translation>
    </message>
    <message>
        <source>This member has already used coupon {code}.</source>
        <translation>این عضو قبلاً از کوپن {code} استفاده کرده است.</translation>
    </message>
    <message>
        <source>The member joined at {joined}: a purchase cannot be earlier.</source>
        <translation>عضو در {joined} عضو شده است: خرید نمی‌تواند زودتر باشد.</translation>
    </message>
    <message>
        <source>A purchase cannot be registered in the future.</source>
        <translation>خرید را نمی‌شود با تاریخ آینده ثبت کرد.</translation>
    </message>
    <message>
        <source>There is no purchase {purchase_id}.</source>
        <translation>خرید {purchase_id} وجود ندارد.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id} has already been refunded in full.</source>
        <translation>خرید {purchase_id} قبلاً به‌طور کامل مرجوع شده است.</translation>
    </message>
    <message>
        <source>At most {remaining} of purchase {purchase_id} can still be refunded.</source>
        <translation>از خرید {purchase_id} حداکثر {remaining} را هنوز می‌توان مرجوع کرد.</translation>
    </message>
    <message>
        <source>A refund amount must be more than zero.</source>
        <translation>مبلغ مرجوعی باید بیشتر از صفر باشد.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id} was registered by another user: only they can void it; the owner can refund it.</source>
        <translation>خرید {purchase_id} را کاربر دیگری ثبت کرده است: فقط همان کاربر می‌تواند آن را باطل کند؛ مدیر می‌تواند آن را مرجوع کند.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id} can no longer be voided (only within {minutes} minutes of registering); the owner can refund it.</source>
        <translation>خرید {purchase_id} دیگر باطل نمی‌شود (فقط تا {minutes} دقیقه پس از ثبت)؛ مدیر می‌تواند آن را مرجوع کند.</translation>
    </message>
    <message>
        <source>The club does not allow voiding sales; the owner can refund purchase {purchase_id}.</source>
        <translation>در این باشگاه ابطال فروش مجاز نیست؛ مدیر می‌تواند خرید {purchase_id} را مرجوع کند.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id} has already been voided or refunded.</source>
        <translation>خرید {purchase_id} پیش‌تر باطل یا مرجوع شده است.</translation>
    </message>
    <message>
        <source>A checkout key is 1 to 64 ASCII letters, digits or - _ : . characters.</source>
        <translation>کلید صندوق ۱ تا ۶۴ حرف و رقم انگلیسی یا یکی از نویسه‌های - _ : . است.</translation>
    </message>
    <message>
        <source>This checkout was already registered as purchase {purchase_id} with another member or amount; start a new checkout.</source>
        <translation>این صورت‌حساب قبلاً با عضو یا مبلغ دیگری به‌عنوان خرید {purchase_id} ثبت شده است؛ صورت‌حساب تازه‌ای شروع کنید.</translation>
    </message>
    <message>
        <source>There is no campaign named {name}.</source>
        <translation>کمپینی با نام {name} وجود ندارد.</translation>
    </message>
    <message>
        <source>Campaign {name} has already ended.</source>
        <translation>کمپین {name} پیش‌تر تمام شده است.</translation>
    </message>
    <message>
        <source>There is no tier named {name}.</source>
        <translation>سطحی به نام {name} وجود ندارد.</translation>
    </message>
    <message>
        <source>Coupon {code} already exists.</source>
        <translation>کوپن {code} از قبل وجود دارد.</translation>
    </message>
    <message>
        <source>A coupon takes either a percent or an amount, not both.</source>
        <translation>کوپن یا درصد دارد یا مبلغ، نه هر دو.</translation>
    </message>
    <message>
        <source>A coupon&apos;s maximum uses is at least 1 (or no limit).</source>
        <translation>حداکثر دفعات استفاده از کوپن دست‌کم ۱ است (یا بدون محدودیت).</translation>
    </message>
    <message>
        <source>A coupon must end after it starts.</source>
        <translation>پایان کوپن باید پس از شروع آن باشد.</translation>
    </message>
    <message>
        <source>A coupon code is 2 to 32 letters or digits.</source>
        <translation>کد کوپن ۲ تا ۳۲ حرف یا رقم است.</translation>
    </message>
    <message>
        <source>The club is not empty; demo data goes only into a new club.</source>
        <translation>باشگاه خالی نیست؛ داده‌های نمایشی فقط به باشگاه تازه افزوده می‌شود.</translation>
    </message>
    <message>
        <source>Choose whose cards to print: all members, a tier, or those who joined since a date.</source>
        <translation>انتخاب کنید کارت چه کسانی چاپ شود: همهٔ اعضا، یک سطح، یا عضوهای تازه از یک تاریخ به بعد.</translation>
    </message>
    <message>
        <source>Give at least one card number or mobile.</source>
        <translation>دست‌کم یک شمارهٔ کارت یا موبایل بدهید.</translation>
    </message>
    <message>
        <source>No active member matches; there is no card to print.</source>
        <translation>عضو فعالی پیدا نشد؛ کارتی برای چاپ نیست.</translation>
    </message>
    <message>
        <source>There is no follow-up item {id}.</source>
        <translation>پیگیری {id} وجود ندارد.</translation>
    </message>
    <message>
        <source>Purchase {purchase_id} is not this member&apos;s.</source>
        <translation>خرید {purchase_id} مال این عضو نیست.</translation>
    </message>
    <message>
        <source>There is no refund {refund_id}.</source>
        <translation>مرجوعی {refund_id} وجود ندارد.</translation>
    </message>
    <message>
        <source>Refund {refund_id} is not of purchase {purchase_id}.</source>
        <translation>مرجوعی {refund_id} مربوط به خرید {purchase_id} نیست.</translation>
    </message>
    <message>
        <source>No member has the card or mobile {key!r}.</source>
        <translation>هیچ عضوی کارت یا موبایل {key!r} را ندارد.</translation>
    </message>
    <message>
        <source>{key!r} is neither a card number nor a mobile number.</source>
        <translation>{key!r} نه شمارهٔ کارت است و نه شمارهٔ موبایل.</translation>
    </message>
    <message>
        <source>National code {code} already belongs to member {name} (card {card}).</source>
        <translation>کد ملی {code} پیش‌تر برای عضو {name} (کارت {card}) ثبت شده است.</translation>
    </message>
    <message>
        <source>A member cannot refer themselves.</source>
        <translation>عضو نمی‌تواند خودش را معرفی کند.</translation>
    </message>
    <message>
        <source>Gender is f or m.</source>
        <translation>جنسیت f یا m است.</translation>
    </message>
    <message>
        <source>A name is at most 60 characters.</source>
        <translation>نام حداکثر ۶۰ نویسه است.</translation>
    </message>
    <message>
        <source>The list cannot be sorted by {sort!r}.</source>
        <translation>فهرست را نمی‌شود بر اساس {sort!r} مرتب کرد.</translation>
    </message>
    <message>
        <source>{segment!r} is not a segment: {segments}.</source>
        <translation>{segment!r} بخشی از مشتریان نیست: {segments}.</translation>
    </message>
    <message>
        <source>Days without a purchase is a whole number from 1 to {maximum}.</source>
        <translation>روزهای بی‌خرید عددی صحیح از ۱ تا {maximum} است.</translation>
    </message>
    <message>
        <source>The birthday month is a number from 1 to 12.</source>
        <translation>ماه تولد عددی از ۱ تا ۱۲ است.</translation>
    </message>
    <message>
        <source>Spend limits are amounts of zero rials or more.</source>
        <translation>حدهای مبلغ خرید باید صفر ریال یا بیشتر باشند.</translation>
    </message>
    <message>
        <source>The least spend {low} is above the most {high}.</source>
        <translation>کمترین مبلغ خرید ({low}) از بیشترین ({high}) بیشتر است.</translation>
    </message>
    <message>
        <source>Status is active or blocked.</source>
        <translation>وضعیت active (فعال) یا blocked (مسدود) است.</translation>
    </message>
    <message>
        <source>The end date {to} is before the start date {start}.</source>
        <translation>تاریخ پایان {to} پیش از تاریخ شروع {start} است.</translation>
    </message>
    <message>
        <source>An adjustment must add or remove at least one point.</source>
        <translation>اصلاح امتیاز باید دست‌کم یک امتیاز بیفزاید یا بکاهد.</translation>
    </message>
    <message>
        <source>An adjustment needs a reason.</source>
        <translation>اصلاح امتیاز دلیل لازم دارد.</translation>
    </message>
    <message>
        <source>An adjustment is at most {maximum} points.</source>
        <translation>اصلاح امتیاز حداکثر {maximum} امتیاز است.</translation>
    </message>
    <message>
        <source>A {role} may not {action}; ask the owner.</source>
        <translation>نقش {role} اجازهٔ «{action}» را ندارد؛ از مدیر بخواهید.</translation>
    </message>
    <message>
        <source>The survey of purchase {purchase_id} has already been answered.</source>
        <translation>نظرسنجی خرید {purchase_id} قبلاً پاسخ داده شده است.</translation>
    </message>
    <message>
        <source>There is no survey {survey_id}.</source>
        <translation>نظرسنجی {survey_id} وجود ندارد.</translation>
    </message>
    <message>
        <source>This club already has an owner; sign in instead.</source>
        <translation>این باشگاه از قبل مدیر دارد؛ به‌جای آن وارد شوید.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>نام کاربری یا رمز عبور نادرست است.</translation>
    </message>
    <message>
        <source>Too many wrong tries: wait {seconds} seconds and try again.</source>
        <translation>تلاش‌های نادرست زیاد شد: {seconds} ثانیه صبر کنید و دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>There is no user {username}.</source>
        <translation>کاربر {username} وجود ندارد.</translation>
    </message>
    <message>
        <source>The user name {username} is taken.</source>
        <translation>نام کاربری {username} قبلاً گرفته شده است.</translation>
    </message>
    <message>
        <source>The club needs at least one active owner.</source>
        <translation>باشگاه دست‌کم یک مدیر فعال لازم دارد.</translation>
    </message>
    <message>
        <source>You cannot deactivate or demote yourself.</source>
        <translation>نمی‌توانید خودتان را غیرفعال کنید یا نقشتان را پایین بیاورید.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>رمز عبور فعلی نادرست است.</translation>
    </message>
    <message>
        <source>The logo is too big: at most {kb} KB.</source>
        <translation>لوگو بیش از حد بزرگ است: حداکثر {kb} کیلوبایت.</translation>
    </message>
    <message>
        <source>The logo must be a PNG or JPEG picture.</source>
        <translation>لوگو باید تصویر PNG یا JPEG باشد.</translation>
    </message>
    <message>
        <source>Choose a role.</source>
        <translation>نقشی را انتخاب کنید.</translation>
    </message>
    <message>
        <source>The backup {name} is damaged: {detail}</source>
        <translation>پشتیبان {name} آسیب دیده است: {detail}</translation>
    </message>
    <message>
        <source>{name} is not a LoyaltyDesk club database.</source>
        <translation>{name} پایگاه دادهٔ باشگاه LoyaltyDesk نیست.</translation>
    </message>
    <message>
        <source>{name} was made by a newer LoyaltyDesk (it has {unknown}); update the program first.</source>
        <translation>{name} با نسخهٔ جدیدتری از LoyaltyDesk ساخته شده ({unknown} دارد)؛ اول برنامه را به‌روز کنید.</translation>
    </message>
    <message>
        <source>Cannot write the backup to {path}: {reason}.</source>
        <translation>نوشتن پشتیبان در {path} ممکن نیست: {reason}.</translation>
    </message>
    <message>
        <source>The club database is busy with another window or computer: the purchase or change was NOT registered. Try again in a moment.</source>
        <translation>پایگاه دادهٔ باشگاه در پنجره یا رایانهٔ دیگری در حال استفاده است: خرید یا تغییر ثبت نشد. کمی بعد دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>Cannot open {path}: {reason}.</source>
        <translation>باز کردن {path} ممکن نیست: {reason}.</translation>
    </message>
    <message>
        <source>{path} is not a LoyaltyDesk database or is damaged.</source>
        <translation>{path} پایگاه دادهٔ LoyaltyDesk نیست یا آسیب دیده است.</translation>
    </message>
    <message>
        <source>The club is encrypted: sign in to open it.</source>
        <translation>باشگاه رمزگذاری شده است: برای باز کردن آن وارد شوید.</translation>
    </message>
    <message>
        <source>The key that opened {path} does not decrypt it: the club file or its key file (.keys) was replaced or damaged. Restore the latest backup.</source>
        <translation>کلیدی که {path} را باز کرد آن را رمزگشایی نمی‌کند: پرونده‌ی باشگاه یا پرونده‌ی کلید آن (.keys) جایگزین یا خراب شده است. آخرین پشتیبان را بازگردانید.</translation>
    </message>
    <message>
        <source>There is no club at {path}. Check the file&apos;s name and folder; a new club is made only by &apos;loyaltydesk init&apos; or the first start of the desktop app.</source>
        <translation>باشگاهی در {path} نیست. نام و پوشهٔ فایل را بررسی کنید؛ باشگاه تازه فقط با &apos;loyaltydesk init&apos; یا نخستین اجرای برنامه ساخته می‌شود.</translation>
    </message>
    <message>
        <source>The disk holding the club is full: the purchase or change was NOT registered. Free some space on that disk (empty the recycle bin, move old files away), then do it again.</source>
        <translation>دیسکی که باشگاه روی آن است پر شده است: خرید یا تغییر ثبت نشد. روی آن دیسک جا باز کنید (سطل بازیافت را خالی کنید، فایل‌های قدیمی را جابه‌جا کنید) و دوباره انجام دهید.</translation>
    </message>
    <message>
        <source>The club file or its folder can only be read (read-only, or a write-protected disk): the purchase or change was NOT registered. Make the file and its folder writable, or copy the club to a writable disk, then do it again.</source>
        <translation>فایل باشگاه یا پوشهٔ آن فقط‌خواندنی است (فقط‌خواندنی یا دیسک محافظت‌شده در برابر نوشتن): خرید یا تغییر ثبت نشد. فایل و پوشه‌اش را قابل نوشتن کنید یا باشگاه را به دیسکی قابل نوشتن کپی کنید و دوباره انجام دهید.</translation>
    </message>
    <message>
        <source>The disk could not read or write the club file (an input/output error: a failing disk, a removed USB stick or a lost network drive): the purchase or change was NOT registered. Check the disk; if this repeats, copy your backups to another disk and restore the latest one there.</source>
        <translation>دیسک نتوانست فایل باشگاه را بخواند یا بنویسد (خطای ورودی/خروجی: دیسک معیوب، فلش جداشده یا درایو شبکهٔ قطع‌شده): خرید یا تغییر ثبت نشد. دیسک را بررسی کنید؛ اگر تکرار شد، پشتیبان‌ها را به دیسک دیگری کپی کنید و آخرینشان را آنجا بازیابی کنید.</translation>
    </message>
    <message>
        <source>The club file is damaged ({detail}): nothing more is registered in it. Restore the latest backup (the command &apos;loyaltydesk restore FILE&apos;; the backups are in the &apos;backups&apos; folder beside the club).</source>
        <translation>فایل باشگاه آسیب دیده است ({detail}): دیگر چیزی در آن ثبت نمی‌شود. آخرین پشتیبان را بازیابی کنید (فرمان &apos;loyaltydesk restore FILE&apos;؛ پشتیبان‌ها در پوشهٔ &apos;backups&apos; کنار باشگاه‌اند).</translation>
    </message>
    <message>
        <source>The club file {path} was deleted or replaced while this was being saved: the purchase or change was NOT registered in it. Open the club again (restore a backup if it was deleted).</source>
        <translation>فایل باشگاه {path} هنگام ذخیره پاک یا جایگزین شد: خرید یا تغییر در آن ثبت نشد. باشگاه را دوباره باز کنید (اگر پاک شده، پشتیبانی را بازیابی کنید).</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>پایان دوره پیش از شروع آن است.</translation>
    </message>
    <message>
        <source>{value!r}: give stars as ASPECT=N, e.g. service=5.</source>
        <translation>{value!r}: ستاره‌ها را به شکل ASPECT=N بدهید، مثلاً service=5.</translation>
    </message>
    <message>
        <source>Cannot read the passphrase file {path}: {reason}.</source>
        <translation>خواندن فایل عبارت عبور {path} ممکن نیست: {reason}.</translation>
    </message>
    <message>
        <source>{value!r}: a column mapping is FIELD=COLUMN, e.g. mobile=موبایل.</source>
        <translation>{value!r}: نگاشت ستون به شکل FIELD=COLUMN است، مثلاً mobile=موبایل.</translation>
    </message>
    <message>
        <source>{name}: choose a file name ending in .xlsx or .csv.</source>
        <translation>{name}: نام فایلی با پسوند .xlsx یا .csv انتخاب کنید.</translation>
    </message>
    <message>
        <source>Cannot read {name}: {reason}</source>
        <translation>خواندن {name} ممکن نیست: {reason}</translation>
    </message>
    <message>
        <source>{name} is an old Excel file (.xls): save it as .xlsx or .csv and try again.</source>
        <translation>{name} فایل اکسل قدیمی (.xls) است: آن را به‌صورت .xlsx یا .csv ذخیره کنید و دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>{name}: members are imported from an .xlsx or .csv file.</source>
        <translation>{name}: اعضا از فایل .xlsx یا .csv وارد می‌شوند.</translation>
    </message>
    <message>
        <source>{name}: purchases are imported from an .xlsx or .csv file.</source>
        <translation>{name}: خریدها از پروندهٔ ‎.xlsx‎ یا ‎.csv‎ وارد می‌شوند.</translation>
    </message>
    <message>
        <source>{name} has no header row with column names.</source>
        <translation>{name} ردیف سرستون با نام ستون‌ها ندارد.</translation>
    </message>
    <message>
        <source>No column of {name} looks like the mobile number; choose it in the column mapping.</source>
        <translation>هیچ ستونی از {name} شبیه شمارهٔ موبایل نیست؛ آن را در نگاشت ستون‌ها انتخاب کنید.</translation>
    </message>
    <message>
        <source>The file has no column {column!r} (for {field}).</source>
        <translation>فایل ستون {column!r} (برای {field}) را ندارد.</translation>
    </message>
    <message>
        <source>{field!r} is not a member field that can be imported.</source>
        <translation>{field!r} از مشخصات قابل ورود عضو نیست.</translation>
    </message>
    <message>
        <source>{name} changed since the preview; preview it again.</source>
        <translation>{name} پس از پیش‌نمایش تغییر کرده است؛ دوباره پیش‌نمایش بگیرید.</translation>
    </message>
    <message>
        <source>The club changed since the preview of {name} (rows {rows} would now be imported differently); nothing was imported. Preview it again.</source>
        <translation>باشگاه از زمان پیش‌نمایش {name} تغییر کرده است (ردیف‌های {rows} اکنون به شکل دیگری وارد می‌شوند)؛ چیزی وارد نشد. دوباره پیش‌نمایش بگیرید.</translation>
    </message>
    <message>
        <source>For a mobile already in the club, choose skip or merge.</source>
        <translation>برای موبایلی که در باشگاه هست، skip (رد شدن) یا merge (ادغام) را انتخاب کنید.</translation>
    </message>
    <message>
        <source>{name} has more than {maximum} rows; split it.</source>
        <translation>{name} بیش از {maximum} ردیف دارد؛ آن را چند تکه کنید.</translation>
    </message>
    <message>
        <source>The mobile number is empty.</source>
        <translation>شمارهٔ موبایل خالی است.</translation>
    </message>
    <message>
        <source>Mobile {mobile} is already on row {row} of this file.</source>
        <translation>موبایل {mobile} در ردیف {row} همین فایل هم آمده است.</translation>
    </message>
    <message>
        <source>{value!r} is not yes or no.</source>
        <translation>{value!r} بله یا خیر نیست.</translation>
    </message>
    <message>
        <source>The club has no tier named {name!r}.</source>
        <translation>باشگاه سطحی به نام {name!r} ندارد.</translation>
    </message>
    <message>
        <source>National code {code} is already on row {row} of this file.</source>
        <translation>کد ملی {code} در ردیف {row} همین پرونده هم آمده است.</translation>
    </message>
    <message>
        <source>{value!r} is not a date.</source>
        <translation>{value!r} تاریخ نیست.</translation>
    </message>
    <message>
        <source>{name} is {mb} MB; a member file is at most {maximum} MB: split it.</source>
        <translation>{name} {mb} مگابایت است؛ فایل اعضا حداکثر {maximum} مگابایت است: آن را چند بخش کنید.</translation>
    </message>
    <message>
        <source>{name} is {mb} MB; a purchase file is at most {maximum} MB: split it.</source>
        <translation>{name} {mb} مگابایت است؛ پروندهٔ خریدها حداکثر {maximum} مگابایت است: آن را چند پرونده کنید.</translation>
    </message>
    <message>
        <source>{name} is not a workbook that can be read safely ({reason}); open it in Excel and save it again.</source>
        <translation>{name} کارپوشه‌ای نیست که بتوان بی‌خطر خواند ({reason})؛ آن را در اکسل باز کنید و دوباره ذخیره کنید.</translation>
    </message>
    <message>
        <source>Column {column} holds {length} characters; a cell is at most {maximum}.</source>
        <translation>ستون {column} {length} نویسه دارد؛ هر خانه حداکثر {maximum} نویسه است.</translation>
    </message>
    <message>
        <source>{name} is not a text file (rows {rows}); save it from Excel as &quot;CSV UTF-8&quot; or as .xlsx.</source>
        <translation>{name} فایل متنی نیست (ردیف‌های {rows})؛ آن را در اکسل به‌صورت «CSV UTF-8» یا .xlsx ذخیره کنید.</translation>
    </message>
    <message>
        <source>Rows {rows} of {name} are neither UTF-8 nor Windows-1256 (Arabic) text; save the file from Excel as &quot;CSV UTF-8&quot; and try again.</source>
        <translation>ردیف‌های {rows} از {name} نه UTF-8 هستند نه Windows-1256 (عربی ویندوز)؛ فایل را در اکسل به‌صورت «CSV UTF-8» ذخیره کنید و دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>{name} starts as Unicode (UTF-16) text but is damaged after that.</source>
        <translation>{name} با متن یونیکد (UTF-16) شروع می‌شود اما پس از آن آسیب دیده است.</translation>
    </message>
    <message>
        <source>Row {row} of {name} cannot be read: {reason}</source>
        <translation>ردیف {row} از {name} خوانده نمی‌شود: {reason}</translation>
    </message>
    <message>
        <source>{what!r} cannot be exported: members, purchases or ledger.</source>
        <translation>{what!r} قابل خروجی گرفتن نیست: members (اعضا)، purchases (خریدها) یا ledger (دفتر امتیاز).</translation>
    </message>
    <message>
        <source>{what}: at most {maximum} characters (this one has {length}).</source>
        <translation>{what}: حداکثر {maximum} نویسه (این یکی {length} نویسه دارد).</translation>
    </message>
    <message>
        <source>No column of {name} looks like the {field}; name it in the column mapping.</source>
        <translation>هیچ ستونی از {name} به {field} نمی‌ماند؛ آن را در انتخاب ستون‌ها مشخص کنید.</translation>
    </message>
    <message>
        <source>{field!r} is not a purchase field that can be imported.</source>
        <translation>{field!r} از ستون‌های خرید نیست که وارد شود.</translation>
    </message>
    <message>
        <source>The member&apos;s card or mobile is empty.</source>
        <translation>کارت یا موبایل عضو خالی است.</translation>
    </message>
    <message>
        <source>The date is empty.</source>
        <translation>تاریخ خالی است.</translation>
    </message>
    <message>
        <source>{value!r} is not a date (1403/05/14 or 2024-08-04).</source>
        <translation>{value!r} تاریخ نیست (۱۴۰۳/۰۵/۱۴ یا 2024-08-04).</translation>
    </message>
    <message>
        <source>{value!r} is after today: a past purchase cannot be in the future.</source>
        <translation>{value!r} بعد از امروز است: خرید گذشته نمی‌تواند در آینده باشد.</translation>
    </message>
    <message>
        <source>The amount is empty.</source>
        <translation>مبلغ خالی است.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>مبلغ باید بیشتر از صفر باشد.</translation>
    </message>
    <message>
        <source>Receipt {receipt} is already on row {row} of this file.</source>
        <translation>فاکتور {receipt} در ردیف {row} همین پرونده هم آمده است.</translation>
    </message>
    <message>
        <source>A receipt number is at most {maximum} characters.</source>
        <translation>شمارهٔ فاکتور حداکثر {maximum} نویسه است.</translation>
    </message>
    <message>
        <source>The unit of the amounts is rial or toman.</source>
        <translation>واحد مبلغ‌ها ریال یا تومان است.</translation>
    </message>
    <message>
        <source>Only the owner may initialize a club that has users.</source>
        <translation>باشگاهی را که کاربر دارد فقط مالک می‌تواند راه‌اندازی کند.</translation>
    </message>
    <message>
        <source>This club has no owner yet: make one with loyaltydesk init --owner NAME (or the app&apos;s first run).</source>
        <translation>این باشگاه هنوز مالک ندارد: با loyaltydesk init --owner NAME (یا اولین اجرای برنامه) مالکش را بسازید.</translation>
    </message>
    <message>
        <source>Only the owner may act at another time (--now, --at).</source>
        <translation>فقط مالک می‌تواند در زمانی دیگر کار کند (--now, --at).</translation>
    </message>
    <message>
        <source>Sign in first: loyaltydesk --user NAME {command} ... (the password is read from --password-file FILE, else from the environment variable LOYALTYDESK_PASSWORD, else asked for).</source>
        <translation>اول وارد شوید: loyaltydesk --user NAME {command} ... (رمز از --password-file FILE خوانده می‌شود، وگرنه از متغیر محیطی LOYALTYDESK_PASSWORD، وگرنه پرسیده می‌شود).</translation>
    </message>
    <message>
        <source>No password for {username}, and no terminal to ask for it in: give --password-file FILE (the password on its first line) or set the environment variable LOYALTYDESK_PASSWORD.</source>
        <translation>رمزی برای {username} داده نشده و پایانه‌ای نیست که در آن پرسیده شود: --password-file FILE را بدهید (رمز در سطر اول آن) یا متغیر محیطی LOYALTYDESK_PASSWORD را بگذارید.</translation>
    </message>
    <message>
        <source>Cannot read the password file {path}: {reason}.</source>
        <translation>فایل رمز {path} خوانده نشد: {reason}.</translation>
    </message>
    <message>
        <source>The club&apos;s server asks for the password of its user {user}, and there is no terminal to ask for it in: set the environment variable PGPASSWORD (or keep the password on this PC from the app&apos;s sign-in).</source>
        <translation>سرور باشگاه رمز کاربر {user} را می‌خواهد و پایانه‌ای برای پرسیدن آن نیست: متغیر محیطی PGPASSWORD را تنظیم کنید (یا رمز را هنگام ورود در برنامه روی این رایانه نگه دارید).</translation>
    </message>
    <message>
        <source>WARNING: the owner&apos;s signing key stored for {username} is not the one your password opens: someone replaced it in the club file. Sign-in refused, nothing was signed. Do not use this club file: restore a backup made before, and run &apos;loyaltydesk check&apos; on it.</source>
        <translation>هشدار: کلید امضای مالک که برای {username} نگه داشته شده همان نیست که گذرواژهٔ شما باز می‌کند: کسی آن را در پروندهٔ باشگاه عوض کرده است. ورود پذیرفته نشد و چیزی امضا نشد. با این پرونده کار نکنید: پشتیبانی از پیش از آن را بازگردانید و «loyaltydesk check» را روی آن اجرا کنید.</translation>
    </message>
    <message>
        <source>The role of {username} was changed outside LoyaltyDesk (no owner signed it): sign-in refused. The owner should run the check and set this user&apos;s role again.</source>
        <translation>نقش {username} بیرون از لویالتی‌دسک تغییر کرده است (هیچ مالکی آن را امضا نکرده): ورود پذیرفته نشد. مالک باید بررسی را اجرا کند و نقش این کاربر را دوباره تعیین کند.</translation>
    </message>
    <message>
        <source>A user&apos;s role is signed with the owner&apos;s key, which only signing in as the owner with the password unlocks: sign in again as the owner, then change the user.</source>
        <translation>نقش کاربران با کلید مالک امضا می‌شود و این کلید تنها با ورود مالک با گذرواژه‌اش باز می‌شود: دوباره به‌عنوان مالک وارد شوید و سپس کاربر را تغییر دهید.</translation>
    </message>
    <message>
        <source>The club cannot be kept at {path}: that folder is on a network share ({kind}), where SQLite&apos;s file gets corrupted. Keep the club on this computer&apos;s own disk (the backups may go to the share); for several tills sharing one club, use the multi-till mode on a PostgreSQL server (--db postgresql://...).</source>
        <translation>باشگاه را نمی‌توان در {path} نگه داشت: آن پوشه روی یک پوشهٔ اشتراکی شبکه است ({kind})، و فایل SQLite آنجا خراب می‌شود. باشگاه را روی دیسک خود همین رایانه نگه دارید (پشتیبان‌ها می‌توانند به پوشهٔ اشتراکی بروند)؛ برای چند صندوق با یک باشگاه مشترک، حالت چندصندوقی روی سرور PostgreSQL را به کار ببرید (--db postgresql://...).</translation>
    </message>
    <message>
        <source>The club cannot be kept at {path}: drive {drive} is a network drive, where SQLite&apos;s file gets corrupted. Keep the club on this computer&apos;s own disk (the backups may go to the network drive); for several tills sharing one club, use the multi-till mode on a PostgreSQL server (--db postgresql://...).</source>
        <translation>باشگاه را نمی‌توان در {path} نگه داشت: درایو {drive} یک درایو شبکه است، و فایل SQLite آنجا خراب می‌شود. باشگاه را روی دیسک خود همین رایانه نگه دارید (پشتیبان‌ها می‌توانند به درایو شبکه بروند)؛ برای چند صندوق با یک باشگاه مشترک، حالت چندصندوقی روی سرور PostgreSQL را به کار ببرید (--db postgresql://...).</translation>
    </message>
    <message>
        <source>The club cannot be kept at {path}: the folder {folder} is synced by a cloud service, which uploads the club half-written and corrupts it. Keep the club on this computer&apos;s own disk outside that folder; for several tills sharing one club, use the multi-till mode on a PostgreSQL server (--db postgresql://...).</source>
        <translation>باشگاه را نمی‌توان در {path} نگه داشت: پوشهٔ {folder} با یک سرویس ابری همگام می‌شود، که باشگاه را نیمه‌نوشته بارگذاری می‌کند و خرابش می‌کند. باشگاه را روی دیسک خود همین رایانه و بیرون از آن پوشه نگه دارید؛ برای چند صندوق با یک باشگاه مشترک، حالت چندصندوقی روی سرور PostgreSQL را به کار ببرید (--db postgresql://...).</translation>
    </message>
    <message>
        <source>{value!r} is not a Jalali period: a year (1404), a month (1404/03) or a range (1404/01-1404/06).</source>
        <translation>{value!r} دورهٔ شمسی نیست: یک سال (۱۴۰۴)، یک ماه (۱۴۰۴/۰۳) یا یک بازه (۱۴۰۴/۰۱-۱۴۰۴/۰۶).</translation>
    </message>
    <message>
        <source>The period {value!r} ends before it starts.</source>
        <translation>دورهٔ {value!r} پیش از شروعش تمام می‌شود.</translation>
    </message>
    <message>
        <source>A campaign needs a name.</source>
        <translation>کمپین نام لازم دارد.</translation>
    </message>
    <message>
        <source>A campaign name is at most {maximum} characters.</source>
        <translation>نام کمپین حداکثر {maximum} نویسه است.</translation>
    </message>
    <message>
        <source>There is already a campaign named {name}.</source>
        <translation>کمپینی با نام {name} از قبل هست.</translation>
    </message>
    <message>
        <source>A campaign needs a start and an end date.</source>
        <translation>کمپین تاریخ شروع و پایان لازم دارد.</translation>
    </message>
    <message>
        <source>The campaign ends ({end}) before it starts ({start}).</source>
        <translation>کمپین پیش از شروعش ({start}) تمام می‌شود ({end}).</translation>
    </message>
    <message>
        <source>Campaign {other} already gives the same bonus to the same members on some of these dates.</source>
        <translation>کمپین {other} در برخی از همین روزها همین پاداش را به همین اعضا می‌دهد.</translation>
    </message>
    <message>
        <source>{value!r} is not a weekday (sat, sun, mon, tue, wed, thu, fri).</source>
        <translation>{value!r} روز هفته نیست (sat، sun، mon، tue، wed، thu، fri).</translation>
    </message>
    <message>
        <source>Choose at least one weekday, or none for every day.</source>
        <translation>دست‌کم یک روز هفته را انتخاب کنید، یا هیچ‌کدام را برای همهٔ روزها.</translation>
    </message>
    <message>
        <source>{value!r} is not a range of hours such as 10-14 or 22-2 (hours 0 to 24, start and end different).</source>
        <translation>{value!r} بازهٔ ساعتی مانند 10-14 یا 22-2 نیست (ساعت ۰ تا ۲۴، شروع و پایان متفاوت).</translation>
    </message>
    <message>
        <source>Choose one effect: a points multiplier or a fixed bonus.</source>
        <translation>یک اثر را انتخاب کنید: ضریب امتیاز یا پاداش ثابت.</translation>
    </message>
    <message>
        <source>A campaign has one effect: a multiplier or a fixed bonus, not both.</source>
        <translation>کمپین یک اثر دارد: ضریب یا پاداش ثابت، نه هر دو.</translation>
    </message>
    <message>
        <source>The multiplier must be more than 100% and at most {maximum}% (200% = double points); {value}% was given.</source>
        <translation>ضریب باید بیش از ۱۰۰٪ و حداکثر {maximum}٪ باشد (۲۰۰٪ = امتیاز دوبرابر)؛ {value}٪ داده شد.</translation>
    </message>
    <message>
        <source>The bonus must be from 1 to {maximum} points.</source>
        <translation>پاداش باید از ۱ تا {maximum} امتیاز باشد.</translation>
    </message>
    <message>
        <source>A bonus is on the Nth visit or on a spend target, not both.</source>
        <translation>پاداش یا برای مراجعهٔ چندم است یا برای رسیدن به مبلغ خرید، نه هر دو.</translation>
    </message>
    <message>
        <source>The Nth visit and the spend target are conditions of a fixed bonus.</source>
        <translation>مراجعهٔ چندم و هدف خرید شرط‌های پاداش ثابت‌اند.</translation>
    </message>
    <message>
        <source>The visit number must be from 1 to 1000.</source>
        <translation>شمارهٔ مراجعه باید از ۱ تا ۱۰۰۰ باشد.</translation>
    </message>
    <message>
        <source>The spend target must be more than zero.</source>
        <translation>هدف خرید باید بیشتر از صفر باشد.</translation>
    </message>
    <message>
        <source>The minimum purchase cannot be negative.</source>
        <translation>حداقل خرید نمی‌تواند منفی باشد.</translation>
    </message>
    <message>
        <source>The limit per member must be at least 1 (or none).</source>
        <translation>سقف هر عضو باید دست‌کم ۱ باشد (یا بی‌سقف).</translation>
    </message>
    <message>
        <source>The points budget cannot be below zero.</source>
        <translation>بودجهٔ امتیاز نمی‌تواند کمتر از صفر باشد.</translation>
    </message>
    <message>
        <source>Stacking is add or best, not {value!r}.</source>
        <translation>ترکیب کمپین‌ها add یا best است، نه {value!r}.</translation>
    </message>
    <message>
        <source>There is no tier {value}.</source>
        <translation>سطح {value} وجود ندارد.</translation>
    </message>
    <message>
        <source>There is no segment {value!r} ({known}).</source>
        <translation>بخش {value!r} وجود ندارد ({known}).</translation>
    </message>
    <message>
        <source>A birthday month is from 1 to 12.</source>
        <translation>ماه تولد از ۱ تا ۱۲ است.</translation>
    </message>
    <message>
        <source>The join period ends before it starts.</source>
        <translation>بازهٔ عضویت پیش از شروعش تمام می‌شود.</translation>
    </message>
    <message>
        <source>There is no offer rule {rule}: one of welcome, birthday, winback, next-order.</source>
        <translation>قاعدهٔ پیشنهادی با نام {rule} نیست: یکی از welcome، birthday، winback، next-order.</translation>
    </message>
    <message>
        <source>An offer takes either a percent or an amount, not both.</source>
        <translation>پیشنهاد یا درصد تخفیف دارد یا مبلغ تخفیف، نه هر دو.</translation>
    </message>
    <message>
        <source>An offer that is on needs a percent or an amount.</source>
        <translation>پیشنهادِ روشن باید درصد یا مبلغ تخفیف داشته باشد.</translation>
    </message>
    <message>
        <source>An offer&apos;s percent is more than 0 and at most 100.</source>
        <translation>درصد پیشنهاد باید بیشتر از ۰ و حداکثر ۱۰۰ باشد.</translation>
    </message>
    <message>
        <source>An offer&apos;s amount cannot be negative or above {maximum}.</source>
        <translation>مبلغ پیشنهاد نمی‌تواند منفی یا بیشتر از {maximum} باشد.</translation>
    </message>
    <message>
        <source>A minimum purchase cannot be negative or above {maximum}.</source>
        <translation>حداقل خرید نمی‌تواند منفی یا بیشتر از {maximum} باشد.</translation>
    </message>
    <message>
        <source>An offer is valid for 1 to {maximum} days.</source>
        <translation>اعتبار پیشنهاد از ۱ تا {maximum} روز است.</translation>
    </message>
    <message>
        <source>A next-order offer needs a purchase amount above 0 that earns it.</source>
        <translation>پیشنهاد خرید بعدی به مبلغ خریدی بیشتر از صفر نیاز دارد که آن را بدهد.</translation>
    </message>
    <message>
        <source>A win-back offer needs 1 to {maximum} days without a visit.</source>
        <translation>پیشنهاد بازگشت به ۱ تا {maximum} روز بدون مراجعه نیاز دارد.</translation>
    </message>
    <message>
        <source>An offer of a fixed amount cannot be more than its minimum purchase ({minimum}).</source>
        <translation>پیشنهاد با مبلغ ثابت نمی‌تواند بیشتر از حداقل خریدش ({minimum}) باشد.</translation>
    </message>
    <message>
        <source>A reward needs a name (at most 60 characters).</source>
        <translation>جایزه باید نام داشته باشد (حداکثر ۶۰ نویسه).</translation>
    </message>
    <message>
        <source>A reward&apos;s price is 1 to {maximum} points.</source>
        <translation>بهای جایزه از ۱ تا {maximum} امتیاز است.</translation>
    </message>
    <message>
        <source>A reward&apos;s stock is 0 to {maximum}, or empty for unlimited.</source>
        <translation>موجودی جایزه از ۰ تا {maximum} است، یا خالی برای نامحدود.</translation>
    </message>
    <message>
        <source>Offer {code} belongs to another member.</source>
        <translation>پیشنهاد {code} مال عضو دیگری است.</translation>
    </message>
    <message>
        <source>Offer {code} has already been used.</source>
        <translation>از پیشنهاد {code} قبلاً استفاده شده است.</translation>
    </message>
    <message>
        <source>Offer {code} expired on {until}.</source>
        <translation>اعتبار پیشنهاد {code} در {until} تمام شده است.</translation>
    </message>
    <message>
        <source>Offer {code} was withdrawn: the purchase that earned it was refunded.</source>
        <translation>پیشنهاد {code} پس گرفته شد: خریدی که آن را داده بود مرجوع شد.</translation>
    </message>
    <message>
        <source>Offer {code} needs a purchase of at least {minimum}.</source>
        <translation>پیشنهاد {code} برای خرید دست‌کم {minimum} است.</translation>
    </message>
    <message>
        <source>There is no offer {code}.</source>
        <translation>پیشنهادی با کد {code} نیست.</translation>
    </message>
    <message>
        <source>Stopped: nothing was changed.</source>
        <translation>متوقف شد: هیچ چیز تغییر نکرد.</translation>
    </message>
    <message>
        <source>There is no reward {name}.</source>
        <translation>جایزه‌ای با نام {name} نیست.</translation>
    </message>
    <message>
        <source>A reward named {name} already exists.</source>
        <translation>جایزه‌ای با نام {name} از قبل هست.</translation>
    </message>
    <message>
        <source>The reward {name} is not offered now.</source>
        <translation>جایزهٔ {name} اکنون ارائه نمی‌شود.</translation>
    </message>
    <message>
        <source>The reward {name} is out of stock.</source>
        <translation>موجودی جایزهٔ {name} تمام شده است.</translation>
    </message>
    <message>
        <source>The points balance is {balance}: no reward can be given until it is positive.</source>
        <translation>مانده امتیاز {balance} است: تا مثبت نشود جایزه‌ای داده نمی‌شود.</translation>
    </message>
    <message>
        <source>The reward {name} costs {points} points; only {balance} are available.</source>
        <translation>جایزهٔ {name} {points} امتیاز می‌خواهد؛ فقط {balance} امتیاز هست.</translation>
    </message>
    <message>
        <source>Member {card} is blocked: no rewards.</source>
        <translation>عضو {card} مسدود است: جایزه‌ای داده نمی‌شود.</translation>
    </message>
    <message>
        <source>The message names an unknown field {{{field}}}; the fields are: {known}.</source>
        <translation>متن پیامک فیلد ناشناخته‌ی {{{field}}} را دارد؛ فیلدها این‌ها هستند: {known}.</translation>
    </message>
    <message>
        <source>The message has a brace that opens or closes nothing: write fields as {{name}}.</source>
        <translation>متن پیامک آکولادی دارد که باز یا بسته نشده است: فیلدها را به شکل {{name}} بنویسید.</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>متن پیامک خالی است.</translation>
    </message>
    <message>
        <source>The message takes {parts} parts; at most {maximum} are sent.</source>
        <translation>این پیامک {parts} بخش می‌شود؛ حداکثر {maximum} بخش فرستاده می‌شود.</translation>
    </message>
    <message>
        <source>Quiet hours are two hours from 0 to 23, from-to, like 21-9 (no messages from 21:00 to 09:00).</source>
        <translation>ساعت‌های سکوت دو ساعت از ۰ تا ۲۳ به شکل از-تا است، مثل 21-9 (از ساعت ۲۱ تا ۹ صبح پیامکی فرستاده نمی‌شود).</translation>
    </message>
    <message>
        <source>The SMS provider is one of: {known}.</source>
        <translation>سرویس پیامک یکی از این‌هاست: {known}.</translation>
    </message>
    <message>
        <source>The provider&apos;s address starts with https:// (http:// only for 127.0.0.1), without /v1/ or a path.</source>
        <translation>نشانی سرویس پیامک با https:// شروع می‌شود (http:// فقط برای 127.0.0.1)، بدون /v1/ یا مسیر دیگر.</translation>
    </message>
    <message>
        <source>The sending line is a number of 4 to 20 digits.</source>
        <translation>خط ارسال عددی ۴ تا ۲۰ رقمی است.</translation>
    </message>
    <message>
        <source>The API key is letters, digits and - _ = only (up to 200).</source>
        <translation>کلید API فقط حرف، رقم و - _ = است (حداکثر ۲۰۰ نویسه).</translation>
    </message>
    <message>
        <source>The price of one part is between 0 (unknown) and 10,000,000 rials.</source>
        <translation>بهای هر بخش پیامک بین ۰ (نامعلوم) و ۱۰٬۰۰۰٬۰۰۰ ریال است.</translation>
    </message>
    <message>
        <source>The expiry warning comes 0 (never) to 90 days before.</source>
        <translation>هشدار انقضا ۰ (هرگز) تا ۹۰ روز پیش از آن فرستاده می‌شود.</translation>
    </message>
    <message>
        <source>There is no message {id}.</source>
        <translation>پیامکی با شماره‌ی {id} نیست.</translation>
    </message>
    <message>
        <source>Message {id} is {state}: only a failed or expired message is sent again.</source>
        <translation>وضعیت پیامک {id} «{state}» است: فقط پیامک ناموفق یا منقضی‌شده دوباره فرستاده می‌شود.</translation>
    </message>
    <message>
        <source>Message {id} is {state}: only a queued message can be cancelled.</source>
        <translation>وضعیت پیامک {id} «{state}» است: فقط پیامکی که در صف است لغو می‌شود.</translation>
    </message>
    <message>
        <source>No SMS provider is set: set one with its API key and line first (club set --sms-provider ...).</source>
        <translation>هنوز سرویس پیامکی تنظیم نشده است: اول سرویس را با کلید API و خط ارسال آن تنظیم کنید (club set --sms-provider ...).</translation>
    </message>
    <message>
        <source>{value} is not a mobile number.</source>
        <translation>{value} شماره‌ی موبایل نیست.</translation>
    </message>
    <message>
        <source>Sending text messages is paused: the SMS account is out of credit. Charge it, then retry a message to resume.</source>
        <translation>ارسال پیامک متوقف شده است: اعتبار حساب پیامک تمام شده. حساب را شارژ کنید و سپس یک پیامک را دوباره بفرستید تا ارسال از سر گرفته شود.</translation>
    </message>
    <message>
        <source>Sending text messages is paused: the SMS provider refused the API key or the sending line. Check them in the settings, then retry a message to resume.</source>
        <translation>ارسال پیامک متوقف شده است: سرویس پیامک کلید API یا خط ارسال را نپذیرفت. آن‌ها را در تنظیمات بررسی کنید و سپس یک پیامک را دوباره بفرستید تا ارسال از سر گرفته شود.</translation>
    </message>
    <message>
        <source>The club has no member yet to preview a message with.</source>
        <translation>باشگاه هنوز عضوی ندارد که پیش‌نمایش پیامک با او نشان داده شود.</translation>
    </message>
    <message>
        <source>A campaign&apos;s name is 1 to 40 letters, digits or - _.</source>
        <translation>نام کمپین ۱ تا ۴۰ حرف، رقم یا - _ است.</translation>
    </message>
    <message>
        <source>The SMS provider could not be reached or answered with an error: {detail}</source>
        <translation>سرویس پیامک در دسترس نبود یا با خطا پاسخ داد: {detail}</translation>
    </message>
    <message>
        <source>The backup {name} is sealed to the club&apos;s owners: give an owner&apos;s password (the one they had when it was made, or on this computer today&apos;s).</source>
        <translation>پشتیبان {name} برای مالکان باشگاه مهر شده است: گذرواژه‌ی یکی از مالکان را بدهید (گذرواژه‌ای که هنگام ساختن آن داشت، یا روی همین رایانه گذرواژه‌ی امروزش را).</translation>
    </message>
    <message>
        <source>No automatic backup was made: the owners&apos; backup keys are missing from the club&apos;s key file or were not signed by an owner (the key file was changed). The owner should sign in, which makes a new one.</source>
        <translation>پشتیبان خودکار ساخته نشد: کلیدهای پشتیبانِ مالکان در پرونده‌ی کلید باشگاه نیست یا مالکی آن را امضا نکرده است (پرونده‌ی کلید تغییر کرده است). مالک باید وارد شود تا کلید تازه‌ای ساخته شود.</translation>
    </message>
    <message>
        <source>The backup {name} is damaged: {detail}. Use another backup.</source>
        <translation>پشتیبان {name} خراب است: {detail}. از پشتیبان دیگری استفاده کنید.</translation>
    </message>
    <message>
        <source>Encrypting the club stopped: the encrypted copy does not hold what the club holds ({detail}). The club was left as it was, unencrypted.</source>
        <translation>رمزگذاری باشگاه متوقف شد: رونوشت رمزگذاری‌شده همه‌ی آنچه باشگاه دارد را ندارد ({detail}). باشگاه همان‌طور که بود، بدون رمزگذاری، ماند.</translation>
    </message>
    <message>
        <source>The club&apos;s key file {path} was changed outside LoyaltyDesk or is damaged ({detail}): the club is not opened. Put back the key file that belongs with this club (from the same copy or backup as the club file), or restore a backup.</source>
        <translation>پرونده‌ی کلید باشگاه {path} بیرون از لویالتی‌دسک تغییر کرده یا خراب است ({detail}): باشگاه باز نشد. پرونده‌ی کلیدی را که متعلق به همین باشگاه است (از همان رونوشت یا پشتیبانِ پرونده‌ی باشگاه) برگردانید، یا یک پشتیبان را بازگردانید.</translation>
    </message>
    <message>
        <source>The club {path} is encrypted, but its key file {keys} is missing: it cannot be opened without it. Put back the key file that belongs with this club, or restore a backup.</source>
        <translation>باشگاه {path} رمزگذاری شده است، اما پرونده‌ی کلید آن {keys} نیست: بدون آن باز نمی‌شود. پرونده‌ی کلیدی را که متعلق به همین باشگاه است برگردانید، یا یک پشتیبان را بازگردانید.</translation>
    </message>
    <message>
        <source>The copy {name} is damaged: page {page} does not verify.</source>
        <translation>رونوشت {name} خراب است: صفحه‌ی {page} درستی‌سنجی نمی‌شود.</translation>
    </message>
    <message>
        <source>No password for the role {role}, and no terminal to ask for it in: give it on standard input with --password-stdin.</source>
        <translation>برای نقش {role} رمزی داده نشده و پایانه‌ای هم برای پرسیدن آن نیست: آن را با --password-stdin از ورودی استاندارد بدهید.</translation>
    </message>
    <message>
        <source>This club is on a PostgreSQL server already: move it to a file (move-to FILE.sqlite3), or open the club file to move it to a server.</source>
        <translation>این باشگاه همین حالا روی سرور PostgreSQL است: آن را به یک فایل منتقل کنید (move-to FILE.sqlite3)، یا فایل باشگاه را باز کنید تا آن را به سرور منتقل کنید.</translation>
    </message>
    <message>
        <source>A club file is moved to a PostgreSQL server (move-to postgresql://...), not to another file: to copy it, make a backup.</source>
        <translation>فایل باشگاه به سرور PostgreSQL منتقل می‌شود (move-to postgresql://...)، نه به فایلی دیگر: برای رونوشت، پشتیبان بگیرید.</translation>
    </message>
    <message>
        <source>The database {target} is not empty (it holds {found}): a club is moved only into an empty database. Make a new one (CREATE DATABASE, or &apos;loyaltydesk server init&apos;), then move again. Nothing was written.</source>
        <translation>پایگاه داده {target} خالی نیست ({found} در آن است): باشگاه فقط به پایگاه داده‌ای خالی منتقل می‌شود. یکی تازه بسازید (CREATE DATABASE یا &apos;loyaltydesk server init&apos;)، سپس دوباره منتقل کنید. چیزی نوشته نشد.</translation>
    </message>
    <message>
        <source>{target} exists already: a club is moved only into a new file. Choose another name. Nothing was written.</source>
        <translation>{target} از پیش وجود دارد: باشگاه فقط به فایلی تازه منتقل می‌شود. نام دیگری برگزینید. چیزی نوشته نشد.</translation>
    </message>
    <message>
        <source>The club file&apos;s name ends in .sqlite3 (not {target}).</source>
        <translation>نام فایل باشگاه به ‎.sqlite3 ختم می‌شود (نه {target}).</translation>
    </message>
    <message>
        <source>The club has {count} problem(s) before the move (the first: {first}): run &apos;loyaltydesk check&apos; and put them right first. Nothing was moved.</source>
        <translation>باشگاه پیش از انتقال {count} مشکل دارد (نخستین: {first}): &apos;loyaltydesk check&apos; را اجرا کنید و نخست آن‌ها را درست کنید. چیزی منتقل نشد.</translation>
    </message>
    <message>
        <source>The table {table} differs between the two schemas ({detail}): both must be of the same version of LoyaltyDesk. Nothing was moved.</source>
        <translation>جدول {table} در دو طرح پایگاه داده یکسان نیست ({detail}): هر دو باید از یک نسخهٔ LoyaltyDesk باشند. چیزی منتقل نشد.</translation>
    </message>
    <message>
        <source>The table {table} has {source} rows in the club and {target} in the copy. Nothing was moved.</source>
        <translation>جدول {table} در باشگاه {source} ردیف دارد و در رونوشت {target} ردیف. چیزی منتقل نشد.</translation>
    </message>
    <message>
        <source>The copy&apos;s {what} differ from the club&apos;s. Nothing was moved.</source>
        <translation>{what} در رونوشت با باشگاه یکی نیست. چیزی منتقل نشد.</translation>
    </message>
    <message>
        <source>The check of the copy found a problem: {detail}. Nothing was moved.</source>
        <translation>بررسی رونوشت مشکلی یافت: {detail}. چیزی منتقل نشد.</translation>
    </message>
    <message>
        <source>The password is not {username}&apos;s: the new club file&apos;s key is wrapped by the owner&apos;s password. Nothing was written.</source>
        <translation>این رمز از آنِ {username} نیست: کلید فایل تازهٔ باشگاه با رمز مالک بسته می‌شود. چیزی نوشته نشد.</translation>
    </message>
    <message>
        <source>No backup was made: a server club&apos;s backup is sealed to its owners&apos; backup keys, and none is on the server yet (an owner&apos;s sign-in makes theirs). Sign in as the owner, or give the backup a passphrase.</source>
        <translation>پشتیبانی گرفته نشد: پشتیبان باشگاهِ روی سرور برای کلیدهای پشتیبان مالکان مهر می‌شود و هنوز هیچ‌کدام روی سرور نیست (ورود هر مالک کلید او را می‌سازد). به‌عنوان مالک وارد شوید، یا برای پشتیبان عبارت عبور بدهید.</translation>
    </message>
    <message>
        <source>The backup {name} is of a club file, not of a club on a PostgreSQL server: restore it into a club file, then move that to the server (move-to).</source>
        <translation>پشتیبان {name} از یک فایل باشگاه است، نه از باشگاهی روی سرور PostgreSQL: آن را در یک فایل باشگاه بازگردانید، سپس آن را به سرور منتقل کنید (move-to).</translation>
    </message>
    <message>
        <source>{url} is not a PostgreSQL server&apos;s address: give postgresql://ADMIN@HOST:PORT/DATABASE.</source>
        <translation>{url} نشانی سرور PostgreSQL نیست: postgresql://ADMIN@HOST:PORT/DATABASE را بدهید.</translation>
    </message>
    <message>
        <source>The database {url} is not empty (it holds {found}): the server is set up in an empty database (CREATE DATABASE club). Nothing was changed.</source>
        <translation>پایگاه داده {url} خالی نیست ({found} در آن است): سرور در پایگاه داده‌ای خالی آماده می‌شود (CREATE DATABASE club). چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>The role {role} exists already on this server: choose another name for the program&apos;s role. Nothing was changed.</source>
        <translation>نقش {role} از پیش روی این سرور هست: نام دیگری برای نقش برنامه برگزینید. چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>The role&apos;s name is 1 to 63 small Latin letters, digits or _ and starts with a letter (not {role}).</source>
        <translation>نام نقش ۱ تا ۶۳ حرف کوچک لاتین، رقم یا _ است و با حرف آغاز می‌شود (نه {role}).</translation>
    </message>
    <message>
        <source>The database {database} on the server holds other tables, not a LoyaltyDesk club: give the database made for the club (an empty one, or the one loyaltydesk server init made).</source>
        <translation>پایگاه دادهٔ {database} روی سرور جدول‌های دیگری دارد و باشگاه LoyaltyDesk نیست: پایگاه داده‌ای را بدهید که برای باشگاه ساخته شده است (یک پایگاه خالی، یا همانی که loyaltydesk server init ساخت).</translation>
    </message>
    <message>
        <source>The database {database} is empty, and the user {user} may not create the club in it: run loyaltydesk server init on the server computer first (installer/README.md).</source>
        <translation>پایگاه دادهٔ {database} خالی است و کاربر {user} اجازهٔ ساختن باشگاه در آن را ندارد: نخست روی رایانهٔ سرور loyaltydesk server init را اجرا کنید (installer/README.md).</translation>
    </message>
    <message>
        <source>Give the server&apos;s address (host), its port (1–65535), the database and the user name.</source>
        <translation>نشانی سرور (host)، درگاه آن (۱ تا ۶۵۵۳۵)، پایگاه داده و نام کاربر را بدهید.</translation>
    </message>
    <message>
        <source>The copy of the table {table} was refused by the target ({detail}). Nothing was moved.</source>
        <translation>مقصد رونوشت جدول {table} را نپذیرفت ({detail}). چیزی منتقل نشد.</translation>
    </message>
    <message>
        <source>The club&apos;s server cannot be reached ({detail}): the purchase or change was NOT registered. Check the network cable or Wi-Fi and that the server computer is on; this till reconnects by itself, then do it again.</source>
        <translation>سرور باشگاه در دسترس نیست ({detail}): خرید یا تغییر ثبت نشد. کابل شبکه یا وای‌فای و روشن بودن رایانهٔ سرور را بررسی کنید؛ این صندوق خودش دوباره وصل می‌شود، سپس دوباره انجامش دهید.</translation>
    </message>
    <message>
        <source>The club&apos;s server asks for the password of its user {user}: type the server password.</source>
        <translation>سرور باشگاه رمز کاربر {user} را می‌خواهد: رمز سرور را بنویسید.</translation>
    </message>
    <message>
        <source>The club&apos;s server refused the user {user} or its password: check both (they are the server&apos;s, given when it was set up, not a user of the club).</source>
        <translation>سرور باشگاه کاربر {user} یا رمز آن را نپذیرفت: هر دو را بررسی کنید (این‌ها کاربر و رمز خود سرورند که هنگام راه‌اندازی آن داده شده‌اند، نه یکی از کاربران باشگاه).</translation>
    </message>
    <message>
        <source>The server has no database named {database}: check its name (the one given to loyaltydesk server init).</source>
        <translation>سرور پایگاه داده‌ای به نام {database} ندارد: نام آن را بررسی کنید (همان نامی که به loyaltydesk server init داده شد).</translation>
    </message>
    <message>
        <source>{tool} was not found on this computer: a club on a PostgreSQL server is backed up with PostgreSQL&apos;s own tools. Install PostgreSQL&apos;s command line tools (Windows: the PostgreSQL installer, &apos;Command Line Tools&apos;; Debian or Ubuntu: apt install postgresql-client), or set LOYALTYDESK_PG_BIN to the folder that holds {tool}.</source>
        <translation>{tool} روی این رایانه پیدا نشد: پشتیبان باشگاهِ روی سرور PostgreSQL با ابزارهای خود PostgreSQL گرفته می‌شود. ابزارهای خط فرمان PostgreSQL را نصب کنید (ویندوز: نصب‌کنندهٔ PostgreSQL، بخش &apos;Command Line Tools&apos;؛ دبیان یا اوبونتو: apt install postgresql-client)، یا LOYALTYDESK_PG_BIN را پوشه‌ای بگذارید که {tool} در آن است.</translation>
    </message>
    <message>
        <source>{tool} failed: {detail}. Nothing was changed.</source>
        <translation>{tool} ناموفق بود: {detail}. چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>The backup could not be checked: checking it restores it into a throwaway database, which the role {role} may not create ({detail}). Run this with the server administrator&apos;s URL (--db postgresql://ADMIN@HOST/DATABASE).</source>
        <translation>پشتیبان بررسی نشد: بررسی، آن را در پایگاه داده‌ای موقت بازمی‌گرداند که نقش {role} اجازهٔ ساختنش را ندارد ({detail}). این کار را با نشانی مدیر سرور انجام دهید (--db postgresql://ADMIN@HOST/DATABASE).</translation>
    </message>
    <message>
        <source>The backup was not restored: restoring replaces the club&apos;s tables, which only their owner, the server&apos;s administrator, may do (the role {role} is not). Run the restore with the administrator&apos;s URL, signed in as the club&apos;s owner as always: loyaltydesk --db postgresql://ADMIN@HOST/DATABASE --user OWNER restore FILE. Nothing was changed.</source>
        <translation>پشتیبان بازگردانده نشد: بازگرداندن جدول‌های باشگاه را جایگزین می‌کند و این کار فقط از مالک آن‌ها، یعنی مدیر سرور، برمی‌آید (نقش {role} مالک نیست). بازگردانی را با نشانی مدیر سرور اجرا کنید و مثل همیشه با مالک باشگاه وارد شوید: loyaltydesk --db postgresql://ADMIN@HOST/DATABASE --user OWNER restore FILE. چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>The club&apos;s server needs an upgrade for this version of LoyaltyDesk ({pending} step(s)), which only its administrator may run: on the server computer run &apos;loyaltydesk server upgrade postgresql://ADMIN@HOST/DATABASE&apos;, then start this till again. Nothing was changed.</source>
        <translation>سرور باشگاه برای این نسخهٔ LoyaltyDesk به ارتقا نیاز دارد ({pending} گام) که فقط مدیر آن می‌تواند اجرا کند: روی رایانهٔ سرور &apos;loyaltydesk server upgrade postgresql://ADMIN@HOST/DATABASE&apos; را اجرا کنید، سپس این صندوق را دوباره باز کنید. چیزی تغییر نکرد.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>LoyaltyDesk</source>
        <translation>LoyaltyDesk</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>مدیر</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>صندوق‌دار</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>کاربر: %1 (%2)</translation>
    </message>
    <message>
        <source>Look</source>
        <translation>ظاهر</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>روشن</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>تیره</translation>
    </message>
    <message>
        <source>Open a member on the cashier page first.</source>
        <translation>اول یک عضو را در صفحهٔ صندوق باز کنید.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>در حال انجام…</translation>
    </message>
    <message>
        <source>&amp;Club</source>
        <translation>&amp;باشگاه</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>تغییر گذرواژهٔ من…</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>پشتیبان‌گیری همین حالا</translation>
    </message>
    <message>
        <source>Survey on the kiosk for the member shown</source>
        <translation>نظرسنجی در کیوسک برای عضو باز‌شده</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>خروج از حساب</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>About LoyaltyDesk</source>
        <translation>دربارهٔ LoyaltyDesk</translation>
    </message>
    <message>
        <source>The automatic tasks stopped: %1</source>
        <translation>کارهای خودکار متوقف شد: %1</translation>
    </message>
    <message>
        <source>Automatic backup made.</source>
        <translation>پشتیبان خودکار گرفته شد.</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>پشتیبان در %1 ذخیره شد</translation>
    </message>
    <message>
        <source>%1 — LoyaltyDesk</source>
        <translation>%1 — LoyaltyDesk</translation>
    </message>
</context>
<context>
    <name>MemberCard</name>
    <message>
        <source>Card</source>
        <translation>کارت</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>موجودی</translation>
    </message>
    <message>
        <source>Worth</source>
        <translation>ارزش</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Scan the member&apos;s card, or find them by mobile or name: their tier, points and the way to the next tier show here.</source>
        <translation>کارت عضو را اسکن کنید، یا او را با موبایل یا نام پیدا کنید: سطح، امتیازها و راه رسیدن به سطح بعدی اینجا نمایش داده می‌شود.</translation>
    </message>
    <message>
        <source>No member chosen</source>
        <translation>عضوی انتخاب نشده</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بی‌نام)</translation>
    </message>
    <message>
        <source>No tier</source>
        <translation>بدون سطح</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 امتیاز</translation>
    </message>
    <message>
        <source>Blocked: no purchases or redemptions.</source>
        <translation>مسدود: خرید و استفاده از امتیاز ممکن نیست.</translation>
    </message>
    <message>
        <source>Happy birthday! Today is the member&apos;s birthday.</source>
        <translation>تولد مبارک! امروز تولد این عضو است.</translation>
    </message>
    <message>
        <source>Referred by card %1.</source>
        <translation>معرفی‌شده با کارت %1.</translation>
    </message>
    <message>
        <source>%1 more, or %2 more visits, reach %3.</source>
        <translation>%1 خرید دیگر، یا %2 مراجعهٔ دیگر، تا سطح %3.</translation>
    </message>
    <message>
        <source>%1 more reaches %2.</source>
        <translation>%1 خرید دیگر تا سطح %2.</translation>
    </message>
    <message>
        <source>%1 more visits reach %2.</source>
        <translation>%1 مراجعهٔ دیگر تا سطح %2.</translation>
    </message>
    <message>
        <source>Top tier.</source>
        <translation>بالاترین سطح.</translation>
    </message>
    <message>
        <source>%1 more by the next review keeps %2.</source>
        <translation>با %1 خرید دیگر تا بازبینی بعدی، سطح %2 حفظ می‌شود.</translation>
    </message>
    <message>
        <source>%1 is kept at the next review.</source>
        <translation>سطح %1 در بازبینی بعدی حفظ می‌شود.</translation>
    </message>
    <message>
        <source>Spent %1 in %2 visit(s); last visit %3 days ago</source>
        <translation>%1 خرید در %2 مراجعه؛ آخرین مراجعه %3 روز پیش</translation>
    </message>
    <message>
        <source>Spent %1 in %2 visit(s); last visit today</source>
        <translation>%1 خرید در %2 مراجعه؛ آخرین مراجعه امروز</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1، %2</translation>
    </message>
    <message>
        <source>First purchase ahead.</source>
        <translation>هنوز خریدی نداشته است.</translation>
    </message>
    <message>
        <source>%1 points expire on %2</source>
        <translation>%1 امتیاز در %2 منقضی می‌شود</translation>
    </message>
    <message>
        <source>%1 open follow-up(s)</source>
        <translation>%1 پیگیری باز</translation>
    </message>
    <message>
        <source>%1 active offer(s)</source>
        <translation>%1 پیشنهاد فعال</translation>
    </message>
    <message>
        <source> · </source>
        <translation>، </translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Earned</source>
        <translation>کسب</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>استفاده</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>منقضی‌شده</translation>
    </message>
    <message>
        <source>Adjusted</source>
        <translation>اصلاح‌شده</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>برگشت‌خورده</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>هدیه</translation>
    </message>
    <message>
        <source>Sign-up</source>
        <translation>ثبت‌نام</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>خرید</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>مرجوعی</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>بازبینی</translation>
    </message>
    <message>
        <source>Birthday bonus</source>
        <translation>هدیهٔ تولد</translation>
    </message>
    <message>
        <source>The referred purchase was refunded</source>
        <translation>خرید عضو معرفی‌شده مرجوع شد</translation>
    </message>
    <message>
        <source>Sale voided by the cashier</source>
        <translation>فروش به دست صندوق‌دار باطل شد</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>کیوسک</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>پیشخوان</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>خط فرمان</translation>
    </message>
    <message>
        <source>%1 (%2 days ago)</source>
        <translation>%1 (%2 روز پیش)</translation>
    </message>
    <message>
        <source>Never bought</source>
        <translation>هنوز خرید نکرده</translation>
    </message>
    <message>
        <source>%1 points on %2</source>
        <translation>%1 امتیاز در %2</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1: %2</translation>
    </message>
    <message>
        <source>None</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <source>Member: %1</source>
        <translation>عضو: %1</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بی‌نام)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>مسدود</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>مسدود کردن</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>رفع مسدودی</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <source>%1: +%2</source>
        <translation>%1: +%2</translation>
    </message>
    <message>
        <source>Campaign %1</source>
        <translation>کمپین %1</translation>
    </message>
    <message>
        <source>Referral of card %1</source>
        <translation>معرفی کارت %1</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>چیزی برای ذخیره نیست.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
    <message>
        <source>Block the member</source>
        <translation>مسدود کردن عضو</translation>
    </message>
    <message>
        <source>Block %1 (card %2)?

A blocked member can neither buy with the club nor redeem points until unblocked.</source>
        <translation>%1 (کارت %2) مسدود شود؟

عضو مسدود تا رفع مسدودی نه با باشگاه خرید می‌کند و نه امتیاز خرج می‌کند.</translation>
    </message>
    <message>
        <source>The member is blocked: no purchases or redemptions.</source>
        <translation>عضو مسدود شد: خرید و استفاده از امتیاز ممکن نیست.</translation>
    </message>
    <message>
        <source>The member is active again.</source>
        <translation>عضو دوباره فعال شد.</translation>
    </message>
    <message>
        <source>Refund the whole purchase</source>
        <translation>مرجوع کردن کل خرید</translation>
    </message>
    <message>
        <source>Refund all %1 left of the purchase of %2?

The points it earned are taken back and the points it used are given back.</source>
        <translation>همهٔ %1 باقی‌ماندهٔ خرید %2 مرجوع شود؟

امتیازهایی که این خرید داده پس گرفته و امتیازهایی که خرج کرده برگردانده می‌شود.</translation>
    </message>
    <message>
        <source>Refund all</source>
        <translation>مرجوع کردن همه</translation>
    </message>
    <message>
        <source>Refunded %1: %2 paid back, %3 points taken back, %4 points returned.</source>
        <translation>مرجوعی %1 ثبت شد: %2 به مشتری برگشت، %3 امتیاز پس گرفته شد و %4 امتیاز بازگشت.</translation>
    </message>
    <message>
        <source>Take the balance below zero</source>
        <translation>منفی شدن مانده</translation>
    </message>
    <message>
        <source>Remove %1 points from %2? The balance goes from %3 to %4 points, below zero: the member redeems nothing until it is positive again.</source>
        <translation>%1 امتیاز از %2 کم شود؟ مانده از %3 به %4 امتیاز می‌رسد، زیر صفر: تا مثبت نشود عضو امتیازی خرج نمی‌کند.</translation>
    </message>
    <message>
        <source>Remove the points</source>
        <translation>کم کردن امتیاز</translation>
    </message>
    <message>
        <source>Points adjusted; the balance is %1.</source>
        <translation>امتیاز اصلاح شد؛ مانده %1 است.</translation>
    </message>
</context>
<context>
    <name>MemberDialogView</name>
    <message>
        <source>Member</source>
        <translation>عضو</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>مشخصات</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>خریدها</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Tier history</source>
        <translation>تاریخچهٔ سطح</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>نظرسنجی‌ها</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>نام خانوادگی</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Birthday (Jalali)</source>
        <translation>تاریخ تولد (شمسی)</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>جنسیت</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>نامشخص</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>زن</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>مرد</translation>
    </message>
    <message>
        <source>National code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Referred by (card or mobile)</source>
        <translation>معرف (کارت یا موبایل)</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>پیامک</translation>
    </message>
    <message>
        <source>Agrees to receive SMS</source>
        <translation>دریافت پیامک را می‌پذیرد</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>Only the owner changes who owns the points.</source>
        <translation>فقط مدیر می‌تواند صاحب امتیازها را تغییر دهد.</translation>
    </message>
    <message>
        <source>Save details</source>
        <translation>ذخیرهٔ مشخصات</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>تخفیف‌ها</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>پرداختی</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>امتیاز کسب‌شده</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>امتیاز استفاده‌شده</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>مرجوعی</translation>
    </message>
    <message>
        <source>Refund the chosen purchase</source>
        <translation>مرجوعی خرید انتخاب‌شده</translation>
    </message>
    <message>
        <source>Amount returned</source>
        <translation>مبلغ بازپرداخت</translation>
    </message>
    <message>
        <source>Empty: all that is left</source>
        <translation>خالی: همهٔ باقی‌مانده</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>مرجوعی</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>انقضا</translation>
    </message>
    <message>
        <source>By</source>
        <translation>توسط</translation>
    </message>
    <message>
        <source>Adjust points</source>
        <translation>اصلاح امتیاز</translation>
    </message>
    <message>
        <source>Points (+ adds, − removes)</source>
        <translation>امتیاز (+ افزودن، − کاستن)</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>اصلاح</translation>
    </message>
    <message>
        <source>From</source>
        <translation>از سطح</translation>
    </message>
    <message>
        <source>To</source>
        <translation>به سطح</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>علت</translation>
    </message>
    <message>
        <source>Spend then</source>
        <translation>خرید در آن زمان</translation>
    </message>
    <message>
        <source>Recommend (0-10)</source>
        <translation>توصیه (۰ تا ۱۰)</translation>
    </message>
    <message>
        <source>Stars</source>
        <translation>ستاره‌ها</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>محل</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>نظر</translation>
    </message>
    <message>
        <source>The member&apos;s story</source>
        <translation>کارنامهٔ عضو</translation>
    </message>
    <message>
        <source>Lifetime spend</source>
        <translation>کل خرید</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>مراجعه</translation>
    </message>
    <message>
        <source>Average basket</source>
        <translation>میانگین سبد</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>آخرین مراجعه</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>بخش</translation>
    </message>
    <message>
        <source>Expiring next</source>
        <translation>انقضای بعدی</translation>
    </message>
    <message>
        <source>Open follow-ups</source>
        <translation>پیگیری‌های باز</translation>
    </message>
    <message>
        <source>Active offers</source>
        <translation>پیشنهادهای فعال</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>کارت</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>تاریخ عضویت</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بی‌نام)</translation>
    </message>
    <message>
        <source>No tier</source>
        <translation>بدون سطح</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>مسدود</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <source>Card, mobile, its last digits, or a name</source>
        <translation>کارت، موبایل، چند رقم آخر آن یا نام</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>همهٔ سطح‌ها</translation>
    </message>
    <message>
        <source>Active and blocked</source>
        <translation>فعال و مسدود</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>مسدود</translation>
    </message>
    <message>
        <source>Joined from</source>
        <translation>عضویت از</translation>
    </message>
    <message>
        <source>to</source>
        <translation>تا</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>پاک کردن فیلترها</translation>
    </message>
    <message>
        <source>Any segment</source>
        <translation>همهٔ بخش‌ها</translation>
    </message>
    <message>
        <source>At churn risk</source>
        <translation>در خطر ریزش</translation>
    </message>
    <message>
        <source>No purchase in</source>
        <translation>بی‌خرید در</translation>
    </message>
    <message>
        <source> days</source>
        <translation> روز اخیر</translation>
    </message>
    <message>
        <source>Any birthday month</source>
        <translation>هر ماه تولد</translation>
    </message>
    <message>
        <source>SMS consent</source>
        <translation>پذیرش پیامک</translation>
    </message>
    <message>
        <source>Spent at least</source>
        <translation>دست‌کم خرید</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>حداکثر</translation>
    </message>
    <message>
        <source>Export the list…</source>
        <translation>خروجی فهرست…</translation>
    </message>
    <message>
        <source>Every member of the list with their mobile, to Excel or CSV</source>
        <translation>همهٔ اعضای فهرست با موبایلشان، در اکسل یا CSV</translation>
    </message>
    <message>
        <source>Spend ever</source>
        <translation>خرید از آغاز</translation>
    </message>
    <message>
        <source>Spend this month</source>
        <translation>خرید این ماه</translation>
    </message>
    <message>
        <source>Spend last month</source>
        <translation>خرید ماه گذشته</translation>
    </message>
    <message>
        <source>Spend in the last 3 months</source>
        <translation>خرید ۳ ماه اخیر</translation>
    </message>
    <message>
        <source>Spend in the last 12 months</source>
        <translation>خرید ۱۲ ماه اخیر</translation>
    </message>
    <message>
        <source>Spend this year</source>
        <translation>خرید امسال</translation>
    </message>
    <message>
        <source>Spend last year</source>
        <translation>خرید پارسال</translation>
    </message>
    <message>
        <source>Export the list</source>
        <translation>خروجی فهرست</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>کارپوشهٔ اکسل (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the list…</source>
        <translation>در حال نوشتن فهرست در فایل…</translation>
    </message>
    <message>
        <source>The export was stopped: no file was written.</source>
        <translation>نوشتن فهرست متوقف شد: هیچ فایلی نوشته نشد.</translation>
    </message>
    <message>
        <source>%1 member(s) written to %2</source>
        <translation>%1 عضو در %2 نوشته شد</translation>
    </message>
    <message numerus="yes">
        <source>%Ln member(s).</source>
        <translation>
            <numerusform>%Ln عضو.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessagesPage</name>
    <message>
        <source>Queued</source>
        <translation>در صف</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>در حال ارسال</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>ارسال‌شده</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>رسیده</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>ناموفق</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>منقضی‌شده</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>لغوشده</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>خرید</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>خوش‌آمد</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>تولد</translation>
    </message>
    <message>
        <source>Points expiring</source>
        <translation>انقضای امتیاز</translation>
    </message>
    <message>
        <source>Apology</source>
        <translation>پوزش</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>آزمایشی</translation>
    </message>
    <message>
        <source>Announcement</source>
        <translation>اطلاع‌رسانی</translation>
    </message>
    <message>
        <source>Transactional</source>
        <translation>خدماتی</translation>
    </message>
    <message>
        <source>Promotional</source>
        <translation>تبلیغاتی</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>همه‌ی وضعیت‌ها</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>تازه‌سازی</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>ارسال دوباره</translation>
    </message>
    <message>
        <source>Cancel message</source>
        <translation>لغو پیامک</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>زمان ثبت</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Occasion</source>
        <translation>مناسبت</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>تلاش</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>بخش</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>متن</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>خطا</translation>
    </message>
    <message>
        <source>No text messages to show.</source>
        <translation>پیامکی برای نمایش نیست.</translation>
    </message>
    <message>
        <source>Ask the balance</source>
        <translation>پرسیدن اعتبار</translation>
    </message>
    <message>
        <source>Mobile for a test message</source>
        <translation>موبایل برای پیامک آزمایشی</translation>
    </message>
    <message>
        <source>Send a test message</source>
        <translation>ارسال پیامک آزمایشی</translation>
    </message>
    <message>
        <source>SMS settings</source>
        <translation>تنظیمات پیامک</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>سرویس پیامک</translation>
    </message>
    <message>
        <source>None (no messages)</source>
        <translation>هیچ (بدون پیامک)</translation>
    </message>
    <message>
        <source>Kavenegar</source>
        <translation>کاوه‌نگار</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>کلید API</translation>
    </message>
    <message>
        <source>Sending line</source>
        <translation>خط ارسال</translation>
    </message>
    <message>
        <source>Provider address (optional)</source>
        <translation>نشانی سرویس (اختیاری)</translation>
    </message>
    <message>
        <source>Quiet hours (Tehran)</source>
        <translation>ساعت‌های سکوت (به وقت تهران)</translation>
    </message>
    <message>
        <source>After a purchase</source>
        <translation>پس از خرید</translation>
    </message>
    <message>
        <source>Text the points and balance</source>
        <translation>پیامک امتیاز و مانده</translation>
    </message>
    <message>
        <source>Edit the message texts…</source>
        <translation>ویرایش متن پیامک‌ها…</translation>
    </message>
    <message>
        <source>Save SMS settings</source>
        <translation>ذخیره‌ی تنظیمات پیامک</translation>
    </message>
    <message>
        <source>Queued: %1   Sent: %2   Delivered: %3   Failed: %4   Delivered of those sent: %5</source>
        <translation>در صف: %1   ارسال‌شده: %2   رسیده: %3   ناموفق: %4   رسیده از ارسال‌شده‌ها: %5</translation>
    </message>
    <message>
        <source>Message %1 is queued again.</source>
        <translation>پیامک %1 دوباره در صف قرار گرفت.</translation>
    </message>
    <message>
        <source>Message %1 is cancelled.</source>
        <translation>پیامک %1 لغو شد.</translation>
    </message>
    <message>
        <source>Test message %1 is queued; it goes out in a moment.</source>
        <translation>پیامک آزمایشی %1 در صف است؛ تا لحظاتی دیگر فرستاده می‌شود.</translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation>در حال پرسیدن…</translation>
    </message>
    <message>
        <source>Credit: %1</source>
        <translation>اعتبار: %1</translation>
    </message>
    <message>
        <source>kept: %1 (type to change)</source>
        <translation>ذخیره‌شده: %1 (برای تغییر بنویسید)</translation>
    </message>
    <message>
        <source>The SMS settings are saved.</source>
        <translation>تنظیمات پیامک ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>toman</source>
        <translation>تومان</translation>
    </message>
    <message>
        <source>rial</source>
        <translation>ریال</translation>
    </message>
</context>
<context>
    <name>OffersBox</name>
    <message>
        <source>Offers (F7 applies)</source>
        <translation>پیشنهادها (F7 اعمال می‌کند)</translation>
    </message>
    <message>
        <source>%1 off (%2)</source>
        <translation>%1 تخفیف (%2)</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>برای خرید از %1</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>تا %1</translation>
    </message>
    <message>
        <source>welcome</source>
        <translation>خوش‌آمد</translation>
    </message>
    <message>
        <source>birthday</source>
        <translation>تولد</translation>
    </message>
    <message>
        <source>win-back</source>
        <translation>بازگشت</translation>
    </message>
    <message>
        <source>next order</source>
        <translation>خرید بعدی</translation>
    </message>
    <message>
        <source>Offers: %1 (F7 applies)</source>
        <translation>پیشنهادها: %1 (F7 اعمال می‌کند)</translation>
    </message>
    <message>
        <source>No offers.</source>
        <translation>پیشنهادی نیست.</translation>
    </message>
</context>
<context>
    <name>OffersPage</name>
    <message>
        <source>Offer rules</source>
        <translation>قاعده‌های پیشنهاد</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>جایزه‌ها</translation>
    </message>
    <message>
        <source>Did it work</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>قاعده</translation>
    </message>
    <message>
        <source>On</source>
        <translation>روشن</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>تخفیف</translation>
    </message>
    <message>
        <source>Minimum purchase</source>
        <translation>حداقل خرید</translation>
    </message>
    <message>
        <source>Days valid</source>
        <translation>روزهای اعتبار</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>شرط</translation>
    </message>
    <message>
        <source>Issue offers</source>
        <translation>صدور پیشنهاد</translation>
    </message>
    <message>
        <source>Percent off</source>
        <translation>درصد تخفیف</translation>
    </message>
    <message>
        <source>Or an amount off</source>
        <translation>یا مبلغ تخفیف</translation>
    </message>
    <message>
        <source>Next order: after a purchase above</source>
        <translation>خرید بعدی: پس از خرید بیشتر از</translation>
    </message>
    <message>
        <source>Win-back: days without a visit</source>
        <translation>بازگشت: روزهای بدون مراجعه</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>ذخیرهٔ قاعده</translation>
    </message>
    <message>
        <source>Welcome offers are issued at sign-up and next-order offers with the purchase (its receipt prints the code); birthday and win-back offers by the daily run. A member gets one offer per occasion; a refund does not give a used one back.</source>
        <translation>پیشنهاد خوش‌آمد هنگام عضویت و پیشنهاد خرید بعدی همراه خرید صادر می‌شود (کدش روی رسید چاپ می‌شود)؛ پیشنهاد تولد و بازگشت را کار روزانه صادر می‌کند. هر عضو برای هر مناسبت یک پیشنهاد می‌گیرد؛ مرجوعی، پیشنهاد استفاده‌شده را برنمی‌گرداند.</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>خوش‌آمد</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>تولد</translation>
    </message>
    <message>
        <source>Win-back</source>
        <translation>بازگشت</translation>
    </message>
    <message>
        <source>Next order</source>
        <translation>خرید بعدی</translation>
    </message>
    <message>
        <source>a purchase above %1</source>
        <translation>خرید بیشتر از %1</translation>
    </message>
    <message>
        <source>%1 days away</source>
        <translation>%1 روز بدون مراجعه</translation>
    </message>
    <message>
        <source>on</source>
        <translation>روشن</translation>
    </message>
    <message>
        <source>off</source>
        <translation>خاموش</translation>
    </message>
    <message>
        <source>Rule saved.</source>
        <translation>قاعده ذخیره شد.</translation>
    </message>
    <message>
        <source>Not saved: see the problems beside the fields.</source>
        <translation>ذخیره نشد: ایرادها کنار هر فیلد آمده است.</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>جایزه</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>موجودی</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>ارائه</translation>
    </message>
    <message>
        <source>No rewards yet: fill in the form below and add one.</source>
        <translation>هنوز جایزه‌ای نیست؛ فرم پایین را پر کنید و یکی اضافه کنید.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>empty: unlimited</source>
        <translation>خالی: نامحدود</translation>
    </message>
    <message>
        <source>Offered at the till</source>
        <translation>در صندوق ارائه می‌شود</translation>
    </message>
    <message>
        <source>Add reward</source>
        <translation>افزودن جایزه</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>ذخیرهٔ تغییرات</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>نامحدود</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <source>no</source>
        <translation>خیر</translation>
    </message>
    <message>
        <source>Reward saved.</source>
        <translation>جایزه ذخیره شد.</translation>
    </message>
    <message>
        <source>This month so far: %1 to %2, against as many days before it.</source>
        <translation>این ماه تا امروز: %1 تا %2، در برابر همین تعداد روز پیش از آن.</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Today</source>
        <translation>امروز</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>صندوق</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Club settings</source>
        <translation>تنظیمات باشگاه</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>گزارش‌ها</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>پیگیری</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>کمپین‌ها</translation>
    </message>
    <message>
        <source>Offers and rewards</source>
        <translation>پیشنهادها و جایزه‌ها</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>پیامک‌ها</translation>
    </message>
</context>
<context>
    <name>PeriodChooser</name>
    <message>
        <source>This month</source>
        <translation>این ماه</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>ماه گذشته</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>امسال</translation>
    </message>
    <message>
        <source>A season</source>
        <translation>یک فصل</translation>
    </message>
    <message>
        <source>Between two dates</source>
        <translation>میان دو تاریخ</translation>
    </message>
    <message>
        <source>Spring</source>
        <translation>بهار</translation>
    </message>
    <message>
        <source>Summer</source>
        <translation>تابستان</translation>
    </message>
    <message>
        <source>Autumn</source>
        <translation>پاییز</translation>
    </message>
    <message>
        <source>Winter</source>
        <translation>زمستان</translation>
    </message>
    <message>
        <source>to</source>
        <translation>تا</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>Print preview</source>
        <translation>پیش‌نمایش چاپ</translation>
    </message>
    <message numerus="yes">
        <source>Showing the first %Ln page(s); all are printed and saved.</source>
        <translation>
            <numerusform>%Ln صفحهٔ اول نمایش داده می‌شود؛ همهٔ صفحه‌ها چاپ و ذخیره می‌شوند.</numerusform>
        </translation>
    </message>
    <message>
        <source>This document cannot be shown.</source>
        <translation>این سند قابل نمایش نیست.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>چاپ…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>ذخیره به‌صورت PDF…</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>ذخیره به‌صورت PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>فایل‌های PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>نوشتن %1 ممکن نیست: %2</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>چاپ</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Receipt</source>
        <translation>رسید خرید</translation>
    </message>
    <message>
        <source>Member card</source>
        <translation>کارت عضویت</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>لطفاً صبر کنید</translation>
    </message>
    <message>
        <source>Stopping… nothing will be changed.</source>
        <translation>در حال توقف… هیچ چیز تغییر نمی‌کند.</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Champions</source>
        <translation>قهرمانان</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>وفادار</translation>
    </message>
    <message>
        <source>Potential</source>
        <translation>بالقوه</translation>
    </message>
    <message>
        <source>New</source>
        <translation>تازه‌وارد</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>در خطر</translation>
    </message>
    <message>
        <source>Hibernating</source>
        <translation>خفته</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>ازدست‌رفته</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>خدمات</translation>
    </message>
    <message>
        <source>Product quality</source>
        <translation>کیفیت کالا</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>قیمت</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>کارکنان</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>کالا</translation>
    </message>
    <message>
        <source>Defective item</source>
        <translation>کالای معیوب</translation>
    </message>
    <message>
        <source>Wrong item</source>
        <translation>کالای اشتباه</translation>
    </message>
    <message>
        <source>Changed mind</source>
        <translation>پشیمانی از خرید</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>زمان انتظار</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>سایر</translation>
    </message>
    <message>
        <source>RFM segments</source>
        <translation>بخش‌بندی RFM</translation>
    </message>
    <message>
        <source>Sales by cashier</source>
        <translation>فروش هر صندوق‌دار</translation>
    </message>
    <message>
        <source>signup</source>
        <translation>ثبت‌نام</translation>
    </message>
    <message>
        <source>purchase</source>
        <translation>خرید</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>مرجوعی</translation>
    </message>
    <message>
        <source>review</source>
        <translation>بازبینی</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>خریداران</translation>
    </message>
    <message>
        <source>Members without a purchase</source>
        <translation>اعضای بدون خرید</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>بخش‌ها</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>بخش</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Share of buyers</source>
        <translation>سهم از خریداران</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>مبلغ خرید</translation>
    </message>
    <message>
        <source>Spend per member</source>
        <translation>خرید هر عضو</translation>
    </message>
    <message>
        <source>Visits per member</source>
        <translation>مراجعهٔ هر عضو</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>نمره‌ها</translation>
    </message>
    <message>
        <source>R</source>
        <translation>تازگی</translation>
    </message>
    <message>
        <source>F</source>
        <translation>دفعات</translation>
    </message>
    <message>
        <source>M</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>Biggest spenders of each segment</source>
        <translation>پرخریدترین‌های هر بخش</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>کارت</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>آخرین خرید</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>مراجعه</translation>
    </message>
    <message>
        <source>Quintile cut points</source>
        <translation>مرزهای پنجک‌ها</translation>
    </message>
    <message>
        <source>Quintile</source>
        <translation>پنجک</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>خریدها</translation>
    </message>
    <message>
        <source>Spend per buyer</source>
        <translation>خرید هر خریدار</translation>
    </message>
    <message>
        <source>Cashiers</source>
        <translation>صندوق‌دارها</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>فروش خالص</translation>
    </message>
    <message>
        <source>Sign-ups</source>
        <translation>ثبت‌نام‌ها</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>مرجوعی‌ها</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>به تفکیک صندوق‌دار</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>صندوق‌دار</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>مبلغ کل</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>خالص</translation>
    </message>
    <message>
        <source>Refunds of their sales</source>
        <translation>مرجوعی فروش‌هایش</translation>
    </message>
    <message>
        <source>Returned goods</source>
        <translation>کالای مرجوعی</translation>
    </message>
    <message>
        <source>Survey responses</source>
        <translation>پاسخ‌های نظرسنجی</translation>
    </message>
    <message>
        <source>NPS of their customers</source>
        <translation>NPS مشتریانش</translation>
    </message>
    <message>
        <source>Customer value</source>
        <translation>ارزش مشتری</translation>
    </message>
    <message>
        <source>Buyers ever</source>
        <translation>همهٔ خریداران</translation>
    </message>
    <message>
        <source>Lifetime spend per buyer</source>
        <translation>کل خرید هر خریدار</translation>
    </message>
    <message>
        <source>Lifetime visits per buyer</source>
        <translation>کل مراجعهٔ هر خریدار</translation>
    </message>
    <message>
        <source>Average basket in the period</source>
        <translation>میانگین سبد در دوره</translation>
    </message>
    <message>
        <source>Spend in the period</source>
        <translation>خرید در دوره</translation>
    </message>
    <message>
        <source>By Jalali year</source>
        <translation>به تفکیک سال شمسی</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>سال</translation>
    </message>
    <message>
        <source>Visits per buyer</source>
        <translation>مراجعهٔ هر خریدار</translation>
    </message>
    <message>
        <source>Average basket</source>
        <translation>میانگین سبد</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>به تفکیک ماه</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>ماه</translation>
    </message>
    <message>
        <source>Biggest spenders (lifetime)</source>
        <translation>پرخریدترین‌ها (از ابتدا)</translation>
    </message>
    <message>
        <source>First purchase</source>
        <translation>نخستین خرید</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>ماندگاری</translation>
    </message>
    <message>
        <source>Came back</source>
        <translation>بازگشته</translation>
    </message>
    <message>
        <source>Bought again in the next period</source>
        <translation>خرید دوباره در دورهٔ بعد</translation>
    </message>
    <message>
        <source>toman</source>
        <translation>تومان</translation>
    </message>
    <message>
        <source>rial</source>
        <translation>ریال</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>خلاصه</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>دوره</translation>
    </message>
    <message>
        <source>Next period</source>
        <translation>دورهٔ بعد</translation>
    </message>
    <message>
        <source>Churn risk</source>
        <translation>خطر ریزش</translation>
    </message>
    <message>
        <source>Members at risk</source>
        <translation>اعضای در خطر</translation>
    </message>
    <message>
        <source>Their lifetime spend</source>
        <translation>کل خریدشان</translation>
    </message>
    <message>
        <source>Share of regular buyers</source>
        <translation>سهم از خریداران همیشگی</translation>
    </message>
    <message>
        <source>At-risk members</source>
        <translation>اعضای در خطر</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Usual gap (days)</source>
        <translation>فاصلهٔ معمول (روز)</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>روز از آخرین خرید</translation>
    </message>
    <message>
        <source>Listed members by how overdue</source>
        <translation>اعضا به ترتیب میزان تأخیر</translation>
    </message>
    <message>
        <source>Absence / usual gap</source>
        <translation>غیبت / فاصلهٔ معمول</translation>
    </message>
    <message>
        <source>Cost of the club</source>
        <translation>هزینهٔ باشگاه</translation>
    </message>
    <message>
        <source>Cost percent</source>
        <translation>درصد هزینه</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>هزینه</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>فروش</translation>
    </message>
    <message>
        <source>Tier discounts</source>
        <translation>تخفیف‌های سطح</translation>
    </message>
    <message>
        <source>Coupon discounts</source>
        <translation>تخفیف‌های کوپن</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>امتیاز استفاده‌شده</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>مرجوعی</translation>
    </message>
    <message>
        <source>Points liability</source>
        <translation>بدهی امتیاز</translation>
    </message>
    <message>
        <source>Liability</source>
        <translation>بدهی</translation>
    </message>
    <message>
        <source>Outstanding points</source>
        <translation>امتیازهای مانده</translation>
    </message>
    <message>
        <source>Point value</source>
        <translation>ارزش هر امتیاز</translation>
    </message>
    <message>
        <source>Members with points</source>
        <translation>اعضای دارای امتیاز</translation>
    </message>
    <message>
        <source>Negative balances</source>
        <translation>ماندهٔ منفی</translation>
    </message>
    <message>
        <source>Expiring within 30 days</source>
        <translation>انقضا تا ۳۰ روز</translation>
    </message>
    <message>
        <source>Points by month</source>
        <translation>امتیاز به تفکیک ماه</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>کسب‌شده</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>استفاده‌شده</translation>
    </message>
    <message>
        <source>Value earned</source>
        <translation>ارزش کسب‌شده</translation>
    </message>
    <message>
        <source>Value redeemed</source>
        <translation>ارزش استفاده‌شده</translation>
    </message>
    <message>
        <source>Net promoter score</source>
        <translation>شاخص خالص ترویج (NPS)</translation>
    </message>
    <message>
        <source>NPS</source>
        <translation>NPS</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>پاسخ‌ها</translation>
    </message>
    <message>
        <source>Promoters</source>
        <translation>مروجان</translation>
    </message>
    <message>
        <source>Passives</source>
        <translation>بی‌طرف‌ها</translation>
    </message>
    <message>
        <source>Detractors</source>
        <translation>منتقدان</translation>
    </message>
    <message>
        <source>Customer satisfaction (CSAT)</source>
        <translation>رضایت مشتری (CSAT)</translation>
    </message>
    <message>
        <source>CSAT</source>
        <translation>CSAT</translation>
    </message>
    <message>
        <source>Average stars</source>
        <translation>میانگین ستاره</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>پاسخ‌ها</translation>
    </message>
    <message>
        <source>By aspect</source>
        <translation>به تفکیک موضوع</translation>
    </message>
    <message>
        <source>Aspect</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <source>4-5 stars</source>
        <translation>۴ و ۵ ستاره</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>سطح‌ها</translation>
    </message>
    <message>
        <source>Moved up</source>
        <translation>ارتقا</translation>
    </message>
    <message>
        <source>Moved down</source>
        <translation>تنزل</translation>
    </message>
    <message>
        <source>Members by tier</source>
        <translation>اعضا به تفکیک سطح</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>سهم</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Tier moves</source>
        <translation>تغییر سطح‌ها</translation>
    </message>
    <message>
        <source>From</source>
        <translation>از سطح</translation>
    </message>
    <message>
        <source>To</source>
        <translation>به سطح</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>Moves</source>
        <translation>جابه‌جایی</translation>
    </message>
    <message>
        <source>Club growth</source>
        <translation>رشد باشگاه</translation>
    </message>
    <message>
        <source>New members</source>
        <translation>اعضای جدید</translation>
    </message>
    <message>
        <source>Members at month end</source>
        <translation>اعضا در پایان ماه</translation>
    </message>
    <message>
        <source>Active share</source>
        <translation>سهم فعال‌ها</translation>
    </message>
    <message>
        <source>Spring</source>
        <translation>بهار</translation>
    </message>
    <message>
        <source>Summer</source>
        <translation>تابستان</translation>
    </message>
    <message>
        <source>Autumn</source>
        <translation>پاییز</translation>
    </message>
    <message>
        <source>Winter</source>
        <translation>زمستان</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>خوش‌آمد</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>تولد</translation>
    </message>
    <message>
        <source>Win-back</source>
        <translation>بازگشت</translation>
    </message>
    <message>
        <source>Next order</source>
        <translation>خرید بعدی</translation>
    </message>
    <message>
        <source>Offers: did they work</source>
        <translation>پیشنهادها: نتیجه داد؟</translation>
    </message>
    <message>
        <source>Offers issued</source>
        <translation>پیشنهادهای صادرشده</translation>
    </message>
    <message>
        <source>Offers used</source>
        <translation>پیشنهادهای استفاده‌شده</translation>
    </message>
    <message>
        <source>Sales with offers</source>
        <translation>فروش با پیشنهاد</translation>
    </message>
    <message>
        <source>Discount cost</source>
        <translation>هزینهٔ تخفیف</translation>
    </message>
    <message>
        <source>Sales with offers before</source>
        <translation>فروش با پیشنهاد در دورهٔ قبل</translation>
    </message>
    <message>
        <source>Per offer rule, against the same period before</source>
        <translation>به تفکیک قاعده، در برابر دورهٔ هم‌اندازهٔ قبل</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>قاعده</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>صادرشده</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>استفاده‌شده</translation>
    </message>
    <message>
        <source>Use rate</source>
        <translation>نرخ استفاده</translation>
    </message>
    <message>
        <source>Sales with them</source>
        <translation>فروش با آن‌ها</translation>
    </message>
    <message>
        <source>Issued before</source>
        <translation>صادرشده در قبل</translation>
    </message>
    <message>
        <source>Used before</source>
        <translation>استفاده‌شده در قبل</translation>
    </message>
    <message>
        <source>Sales before</source>
        <translation>فروش در قبل</translation>
    </message>
    <message>
        <source>Discount before</source>
        <translation>تخفیف در قبل</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>تعیین دوبارهٔ رمز عبور</translation>
    </message>
    <message>
        <source>A new password for %1. Tell it to them in person; they can change it later.</source>
        <translation>رمز عبور تازه برای %1. آن را حضوری به ایشان بگویید؛ بعداً می‌توانند عوضش کنند.</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>رمز عبور جدید</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>تکرار رمز عبور جدید</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>ثبت رمز عبور</translation>
    </message>
</context>
<context>
    <name>RewardPicker</name>
    <message>
        <source>No reward</source>
        <translation>بدون جایزه</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 مانده</translation>
    </message>
    <message>
        <source>%1 (%2 points)</source>
        <translation>%1 (%2 امتیاز)</translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>RulesView</name>
    <message>
        <source>Spend for one point</source>
        <translation>خرید لازم برای یک امتیاز</translation>
    </message>
    <message>
        <source>One point is worth</source>
        <translation>ارزش هر امتیاز</translation>
    </message>
    <message>
        <source>Points may pay at most (% of what is left)</source>
        <translation>سقف پرداخت با امتیاز (٪ از باقی‌مانده)</translation>
    </message>
    <message>
        <source>Points expire after (months)</source>
        <translation>انقضای امتیاز پس از (ماه)</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <source>Spend that qualifies for a tier</source>
        <translation>مبنای محاسبهٔ سطح</translation>
    </message>
    <message>
        <source>The last 12 months (reviewed monthly)</source>
        <translation>۱۲ ماه اخیر (بازبینی ماهانه)</translation>
    </message>
    <message>
        <source>The Jalali year (reviewed at Nowruz)</source>
        <translation>سال شمسی (بازبینی در نوروز)</translation>
    </message>
    <message>
        <source>Referral bonus (points)</source>
        <translation>هدیهٔ معرفی (امتیاز)</translation>
    </message>
    <message>
        <source>Referred member&apos;s own reward at their first purchase (points)</source>
        <translation>هدیهٔ خود عضو معرفی‌شده در نخستین خرید (امتیاز)</translation>
    </message>
    <message>
        <source>Sign-up bonus (points)</source>
        <translation>هدیهٔ عضویت (امتیاز)</translation>
    </message>
    <message>
        <source>Membership anniversary bonus, each year (points)</source>
        <translation>هدیهٔ سالگرد عضویت، هر سال (امتیاز)</translation>
    </message>
    <message>
        <source>The till asks to confirm a purchase above</source>
        <translation>صندوق برای خرید بیش از این مبلغ تأیید می‌خواهد</translation>
    </message>
    <message>
        <source>The largest purchase the till accepts</source>
        <translation>بزرگ‌ترین خریدی که صندوق می‌پذیرد</translation>
    </message>
    <message>
        <source>A cashier may void their own sale within (minutes)</source>
        <translation>صندوق‌دار تا این چند دقیقه می‌تواند فروش خودش را باطل کند</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>خاموش</translation>
    </message>
    <message>
        <source>Spend for one point (%1)</source>
        <translation>خرید لازم برای یک امتیاز (%1)</translation>
    </message>
    <message>
        <source>One point is worth (%1)</source>
        <translation>ارزش هر امتیاز (%1)</translation>
    </message>
    <message>
        <source>The till asks to confirm a purchase above (%1)</source>
        <translation>صندوق برای خرید بیش از این مبلغ تأیید می‌خواهد (%1)</translation>
    </message>
    <message>
        <source>The largest purchase the till accepts (%1)</source>
        <translation>بزرگ‌ترین خریدی که صندوق می‌پذیرد (%1)</translation>
    </message>
    <message>
        <source>For example: a purchase of %1 earns %2 points (before the tier multiplier); %3 points pay %4.</source>
        <translation>برای نمونه: خرید %1، %2 امتیاز می‌آورد (پیش از ضریب سطح)؛ %3 امتیاز برابر %4 است.</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>The shop&apos;s server</source>
        <translation>سرور فروشگاه</translation>
    </message>
    <message>
        <source>Several tills share one club on the shop&apos;s PostgreSQL server. Give the server this till connects to (installer/README.md says how to set one up).</source>
        <translation>چند صندوق یک باشگاه را روی سرور PostgreSQL فروشگاه با هم به کار می‌برند. سروری را بدهید که این صندوق به آن وصل شود (راه‌اندازی آن در installer/README.md آمده است).</translation>
    </message>
    <message>
        <source>Use this server</source>
        <translation>استفاده از این سرور</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>Server (name or address)</source>
        <translation>سرور (نام یا نشانی)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>درگاه</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>پایگاه داده</translation>
    </message>
    <message>
        <source>User</source>
        <translation>کاربر</translation>
    </message>
    <message>
        <source>Server password</source>
        <translation>رمز سرور</translation>
    </message>
    <message>
        <source>Keep the password on this PC (in Windows&apos; credential store)</source>
        <translation>رمز را روی این رایانه نگه دار (در انبار گذرواژه‌های ویندوز)</translation>
    </message>
    <message>
        <source>This PC has no credential store: the password is asked at each sign-in.</source>
        <translation>این رایانه انبار گذرواژه ندارد: رمز در هر ورود پرسیده می‌شود.</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>آزمایش اتصال</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>در حال اتصال…</translation>
    </message>
    <message>
        <source>Connected: the club is on this server. This till signs in to it.</source>
        <translation>وصل شد: باشگاه روی این سرور است. این صندوق به آن وارد می‌شود.</translation>
    </message>
    <message>
        <source>Connected: the club&apos;s database is ready and has no owner yet. [Create the club] names the shop and makes its owner there.</source>
        <translation>وصل شد: پایگاه دادهٔ باشگاه آماده است و هنوز مدیری ندارد. [ساخت باشگاه] نام فروشگاه را ثبت می‌کند و مدیر آن را همان‌جا می‌سازد.</translation>
    </message>
    <message>
        <source>Connected: the database is empty. [Create the club] makes the club there.</source>
        <translation>وصل شد: پایگاه داده خالی است. [ساخت باشگاه] باشگاه را همان‌جا می‌سازد.</translation>
    </message>
    <message>
        <source>Cannot use this database.</source>
        <translation>از این پایگاه داده نمی‌توان استفاده کرد.</translation>
    </message>
</context>
<context>
    <name>ShopTab</name>
    <message>
        <source>Shop logo</source>
        <translation>لوگوی فروشگاه</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg)</source>
        <translation>تصویرها (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Logo saved.</source>
        <translation>لوگو ذخیره شد.</translation>
    </message>
    <message>
        <source>Logo removed.</source>
        <translation>لوگو حذف شد.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>ShopView</name>
    <message>
        <source>Shop name</source>
        <translation>نام فروشگاه</translation>
    </message>
    <message>
        <source>Prices shown in</source>
        <translation>نمایش قیمت‌ها به</translation>
    </message>
    <message>
        <source>Toman</source>
        <translation>تومان</translation>
    </message>
    <message>
        <source>Rial</source>
        <translation>ریال</translation>
    </message>
    <message>
        <source>Choose a logo…</source>
        <translation>انتخاب لوگو…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>لوگو</translation>
    </message>
    <message>
        <source>Receipt thank-you line</source>
        <translation>جملهٔ تشکر روی رسید</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>بدون لوگو</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Demo club: sign in as %1 (owner) or %2 (cashier), password %3.</source>
        <translation>باشگاه نمایشی: با %1 (مدیر) یا %2 (صندوق‌دار) و رمز عبور %3 وارد شوید.</translation>
    </message>
    <message>
        <source>Sign in to LoyaltyDesk</source>
        <translation>ورود به LoyaltyDesk</translation>
    </message>
    <message>
        <source>LoyaltyDesk</source>
        <translation>LoyaltyDesk</translation>
    </message>
    <message>
        <source>Customer club</source>
        <translation>باشگاه مشتریان</translation>
    </message>
    <message>
        <source>Customer club manager</source>
        <translation>مدیریت باشگاه مشتریان</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>رمز عبور</translation>
    </message>
    <message>
        <source>Server password</source>
        <translation>رمز سرور</translation>
    </message>
    <message>
        <source>Keep on this PC</source>
        <translation>روی این رایانه نگه دار</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Wait %1 s</source>
        <translation>%1 ثانیه صبر کنید</translation>
    </message>
</context>
<context>
    <name>SmsTemplates</name>
    <message>
        <source>The member&apos;s first name</source>
        <translation>نام کوچک عضو</translation>
    </message>
    <message>
        <source>The points earned (a purchase, a birthday bonus) or expiring</source>
        <translation>امتیاز گرفته‌شده (خرید، هدیه‌ی تولد) یا امتیازی که منقضی می‌شود</translation>
    </message>
    <message>
        <source>The member&apos;s points balance</source>
        <translation>مانده‌ی امتیاز عضو</translation>
    </message>
    <message>
        <source>The member&apos;s tier</source>
        <translation>سطح عضو</translation>
    </message>
    <message>
        <source>The date the points expire (Jalali)</source>
        <translation>تاریخ انقضای امتیاز (شمسی)</translation>
    </message>
    <message>
        <source>The shop&apos;s name</source>
        <translation>نام فروشگاه</translation>
    </message>
    <message>
        <source>The offer or coupon code of a campaign</source>
        <translation>پیشنهاد یا کد تخفیف کمپین</translation>
    </message>
</context>
<context>
    <name>StarRow</name>
    <message>
        <source>%1 of 5 stars</source>
        <translation>%1 ستاره از ۵</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>Text message templates</source>
        <translation>قالب‌های پیامک</translation>
    </message>
    <message>
        <source>Fields (click to insert)</source>
        <translation>فیلدها (برای درج کلیک کنید)</translation>
    </message>
    <message>
        <source>Preview with a member</source>
        <translation>پیش‌نمایش با یک عضو</translation>
    </message>
    <message>
        <source>Card or mobile (empty: the first member)</source>
        <translation>کارت یا موبایل (خالی: نخستین عضو)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>نمایش</translation>
    </message>
    <message>
        <source>Save this text</source>
        <translation>ذخیره‌ی این متن</translation>
    </message>
    <message>
        <source>Put back the built-in text</source>
        <translation>بازگرداندن متن پیش‌فرض</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Kind: %1 (the built-in text)</source>
        <translation>نوع: %1 (متن پیش‌فرض)</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>نوع: %1</translation>
    </message>
    <message>
        <source>Characters: %1   Parts: %2   (%3 to a part; %4 left in the last)</source>
        <translation>نویسه: %1   بخش: %2   (%3 نویسه در هر بخش؛ %4 نویسه در بخش آخر جا دارد)</translation>
    </message>
    <message>
        <source>This member&apos;s text: %1 characters, %2 part(s)</source>
        <translation>متن این عضو: %1 نویسه، %2 بخش</translation>
    </message>
    <message>
        <source>No member to preview with.</source>
        <translation>عضوی برای پیش‌نمایش نیست.</translation>
    </message>
    <message>
        <source>%1 — card %2 — balance: %3 points</source>
        <translation>%1 — کارت %2 — مانده: %3 امتیاز</translation>
    </message>
    <message>
        <source>The text has problems: it is not saved.</source>
        <translation>متن ایراد دارد: ذخیره نشد.</translation>
    </message>
    <message>
        <source>The text is saved.</source>
        <translation>متن ذخیره شد.</translation>
    </message>
    <message>
        <source>The built-in text is back.</source>
        <translation>متن پیش‌فرض بازگردانده شد.</translation>
    </message>
</context>
<context>
    <name>TierDialog</name>
    <message>
        <source>Edit tier</source>
        <translation>ویرایش سطح</translation>
    </message>
    <message>
        <source>New tier</source>
        <translation>سطح جدید</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Qualifying spend (%1)</source>
        <translation>خرید لازم برای سطح (%1)</translation>
    </message>
    <message>
        <source>Qualifies by</source>
        <translation>رسیدن به سطح با</translation>
    </message>
    <message>
        <source>Spend (the qualifying spend)</source>
        <translation>خرید (خرید معتبر برای سطح)</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>مراجعه</translation>
    </message>
    <message>
        <source>Spend or visits, whichever comes first</source>
        <translation>خرید یا مراجعه، هر کدام زودتر برسد</translation>
    </message>
    <message>
        <source>Visits in the window</source>
        <translation>تعداد مراجعه در بازه</translation>
    </message>
    <message>
        <source>A visit is a purchase of at least (%1)</source>
        <translation>مراجعه یعنی خریدی دست‌کم به مبلغ (%1)</translation>
    </message>
    <message>
        <source>Discount (%)</source>
        <translation>تخفیف (٪)</translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation>ضریب امتیاز</translation>
    </message>
    <message>
        <source>Birthday bonus (points)</source>
        <translation>هدیهٔ تولد (امتیاز)</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>رنگ</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Choose a colour…</source>
        <translation>انتخاب رنگ…</translation>
    </message>
</context>
<context>
    <name>TiersList</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Qualifying spend</source>
        <translation>خرید لازم برای سطح</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>تخفیف</translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation>ضریب امتیاز</translation>
    </message>
    <message>
        <source>Birthday bonus</source>
        <translation>هدیهٔ تولد</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>رنگ</translation>
    </message>
    <message>
        <source>Qualifies by</source>
        <translation>رسیدن با</translation>
    </message>
    <message>
        <source>New tier…</source>
        <translation>سطح جدید…</translation>
    </message>
    <message>
        <source>Edit tier…</source>
        <translation>ویرایش سطح…</translation>
    </message>
    <message>
        <source>Members move up at their next purchase past a threshold; the tier review catches up everyone else.</source>
        <translation>عضو با نخستین خریدی که از آستانه بگذرد ارتقا می‌یابد؛ بازبینی سطح‌ها وضع بقیه را به‌روز می‌کند.</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1٪</translation>
    </message>
    <message>
        <source>%1 visits of %2 or more</source>
        <translation>%1 مراجعه با خرید %2 یا بیشتر</translation>
    </message>
    <message>
        <source>Spend, or %1</source>
        <translation>خرید، یا %1</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>خرید</translation>
    </message>
</context>
<context>
    <name>TiersTab</name>
    <message>
        <source>Tier %1 saved.</source>
        <translation>سطح %1 ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>UpgradeBanner</name>
    <message>
        <source>Congratulations! %1 moved up to %2.</source>
        <translation>تبریک! %1 به سطح %2 ارتقا یافت.</translation>
    </message>
    <message>
        <source>The member</source>
        <translation>عضو</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>User name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>آخرین ورود</translation>
    </message>
    <message>
        <source>New user…</source>
        <translation>کاربر جدید…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>تعیین دوبارهٔ رمز عبور…</translation>
    </message>
    <message>
        <source>Make owner</source>
        <translation>تبدیل به مدیر</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>غیرفعال کردن</translation>
    </message>
    <message>
        <source>A deactivated user cannot sign in; their past work stays in the records. The club always keeps at least one active owner.</source>
        <translation>کاربر غیرفعال نمی‌تواند وارد شود؛ کارهای گذشته‌اش در سوابق می‌ماند. باشگاه همیشه دست‌کم یک مدیر فعال دارد.</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>مدیر</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>صندوق‌دار</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>غیرفعال</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <source>Make cashier</source>
        <translation>تبدیل به صندوق‌دار</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>فعال کردن</translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation>کاربر %1 افزوده شد.</translation>
    </message>
    <message>
        <source>The password of %1 was reset.</source>
        <translation>رمز عبور %1 از نو تعیین شد.</translation>
    </message>
    <message>
        <source>%1 is now: %2.</source>
        <translation>%1 اکنون %2 است.</translation>
    </message>
    <message>
        <source>%1 can no longer sign in.</source>
        <translation>%1 دیگر نمی‌تواند وارد شود.</translation>
    </message>
    <message>
        <source>%1 can sign in again.</source>
        <translation>%1 دوباره می‌تواند وارد شود.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>owner</source>
        <translation>مدیر</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>صندوق‌دار</translation>
    </message>
    <message>
        <source>find member</source>
        <translation>جست‌وجوی عضو</translation>
    </message>
    <message>
        <source>sign up</source>
        <translation>ثبت‌نام عضو</translation>
    </message>
    <message>
        <source>edit member</source>
        <translation>ویرایش عضو</translation>
    </message>
    <message>
        <source>edit identity</source>
        <translation>تغییر موبایل، کد ملی یا معرف</translation>
    </message>
    <message>
        <source>block member</source>
        <translation>مسدود کردن عضو</translation>
    </message>
    <message>
        <source>purchase</source>
        <translation>ثبت خرید</translation>
    </message>
    <message>
        <source>backdate purchase</source>
        <translation>ثبت خرید با تاریخ گذشته</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>مرجوعی</translation>
    </message>
    <message>
        <source>adjust points</source>
        <translation>اصلاح دستی امتیاز</translation>
    </message>
    <message>
        <source>run expiry</source>
        <translation>اجرای انقضای امتیازها</translation>
    </message>
    <message>
        <source>review tiers</source>
        <translation>بازبینی سطح‌ها</translation>
    </message>
    <message>
        <source>grant bonuses</source>
        <translation>دادن امتیاز هدیه</translation>
    </message>
    <message>
        <source>change rules</source>
        <translation>تغییر قوانین باشگاه</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>مدیریت کاربران</translation>
    </message>
    <message>
        <source>check database</source>
        <translation>بررسی پایگاه داده</translation>
    </message>
    <message>
        <source>read audit</source>
        <translation>دیدن گزارش تغییرات</translation>
    </message>
    <message>
        <source>fill demo</source>
        <translation>ساخت باشگاه نمونه</translation>
    </message>
    <message>
        <source>answer survey</source>
        <translation>ثبت نظرسنجی</translation>
    </message>
    <message>
        <source>log complaint</source>
        <translation>ثبت شکایت</translation>
    </message>
    <message>
        <source>follow up</source>
        <translation>پیگیری</translation>
    </message>
    <message>
        <source>read reports</source>
        <translation>دیدن گزارش‌ها</translation>
    </message>
    <message>
        <source>back up</source>
        <translation>پشتیبان‌گیری</translation>
    </message>
    <message>
        <source>auto backup</source>
        <translation>پشتیبان‌گیری خودکار</translation>
    </message>
    <message>
        <source>auto review</source>
        <translation>بازبینی خودکار سطح‌ها</translation>
    </message>
    <message>
        <source>void purchase</source>
        <translation>ابطال خرید</translation>
    </message>
    <message>
        <source>send messages</source>
        <translation>ارسال پیامک</translation>
    </message>
    <message>
        <source>manage messages</source>
        <translation>مدیریت پیامک‌ها</translation>
    </message>
    <message>
        <source>restore</source>
        <translation>بازگردانی پشتیبان</translation>
    </message>
    <message>
        <source>import members</source>
        <translation>ورود اعضا از فایل</translation>
    </message>
    <message>
        <source>export data</source>
        <translation>خروجی گرفتن از داده‌ها</translation>
    </message>
    <message>
        <source>print cards</source>
        <translation>چاپ کارت عضویت</translation>
    </message>
    <message>
        <source>open</source>
        <translation>باز</translation>
    </message>
    <message>
        <source>contacted</source>
        <translation>تماس‌گرفته</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>حل‌شده</translation>
    </message>
    <message>
        <source>Farvardin</source>
        <translation>فروردین</translation>
    </message>
    <message>
        <source>Ordibehesht</source>
        <translation>اردیبهشت</translation>
    </message>
    <message>
        <source>Khordad</source>
        <translation>خرداد</translation>
    </message>
    <message>
        <source>Tir</source>
        <translation>تیر</translation>
    </message>
    <message>
        <source>Mordad</source>
        <translation>مرداد</translation>
    </message>
    <message>
        <source>Shahrivar</source>
        <translation>شهریور</translation>
    </message>
    <message>
        <source>Mehr</source>
        <translation>مهر</translation>
    </message>
    <message>
        <source>Aban</source>
        <translation>آبان</translation>
    </message>
    <message>
        <source>Azar</source>
        <translation>آذر</translation>
    </message>
    <message>
        <source>Dey</source>
        <translation>دی</translation>
    </message>
    <message>
        <source>Bahman</source>
        <translation>بهمن</translation>
    </message>
    <message>
        <source>Esfand</source>
        <translation>اسفند</translation>
    </message>
    <message>
        <source>A first name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>A last name</source>
        <translation>نام خانوادگی</translation>
    </message>
    <message>
        <source>The notes</source>
        <translation>یادداشت‌ها</translation>
    </message>
    <message>
        <source>The shop&apos;s name</source>
        <translation>نام فروشگاه</translation>
    </message>
    <message>
        <source>The thank-you line</source>
        <translation>جملهٔ تشکر رسید</translation>
    </message>
    <message>
        <source>A tier&apos;s name</source>
        <translation>نام سطح</translation>
    </message>
    <message>
        <source>A user&apos;s name</source>
        <translation>نام کاربر</translation>
    </message>
    <message>
        <source>The reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>The comment</source>
        <translation>نظر</translation>
    </message>
    <message>
        <source>The note</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>The description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <source>A coupon code</source>
        <translation>کد تخفیف</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>خط فرمان</translation>
    </message>
    <message>
        <source>too many parts</source>
        <translation>تعداد بخش‌ها بیش از حد است</translation>
    </message>
    <message>
        <source>it unpacks to more than 256 MB</source>
        <translation>پس از بازشدن بیش از ۲۵۶ مگابایت می‌شود</translation>
    </message>
    <message>
        <source>a part unpacks to over 100 times its size</source>
        <translation>بخشی از آن پس از بازشدن بیش از ۱۰۰ برابر می‌شود</translation>
    </message>
    <message>
        <source>too many texts</source>
        <translation>تعداد متن‌ها بیش از حد است</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>فایل آسیب دیده است</translation>
    </message>
    <message>
        <source>not an .xlsx workbook</source>
        <translation>کارپوشهٔ .xlsx نیست</translation>
    </message>
</context>
<context>
    <name>_PasswordForm</name>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
</TS>
