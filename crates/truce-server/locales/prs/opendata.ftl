# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Open data messages (prs, Dari). The reference is en/opendata.ftl.
data-acled-csv = قضایای نشرشده در ستون‌های ACLED (CSV)
data-ucdp-csv = قضایای نشرشده در ستون‌های UCDP GED (CSV)
data-hxl-csv = قضایای نشرشده با هشتگ‌های HXL (CSV)
data-kml = قضایای نشرشده به‌صورت نشانه‌های نقشه (KML 2.2)
data-pax-csv = موافقت‌نامهٔ نافذ به‌صورت یک سطر PA-X (CSV)
data-alerts = هشدارهای تشدید، هر یک به شکل OASIS CAP 1.2 (فهرست Atom)
data-feed = یافته‌ها، جزاها، اعلامیه‌ها و گزارش‌های تازه نشرشده (فید Atom)
data-dictionary-link = فرهنگ داده‌ها: هر ستون هر فایل
data-licence-link = جواز و شیوهٔ استناد
dict-title = فرهنگ داده‌ها
dict-intro = هر ستون هر دانلود، با معنا و واحد آن. معناها به انگلیسی است، زبان رهنمودهای ACLED، UCDP و HXL که از آن‌ها پیروی می‌کنند. خانهٔ خالی ارزشی است که Truce ندارد، هرگز صفر نیست.
dict-same-as-cases = همین ستون‌ها ویژگی‌های هر عارضه در cases.geojson و دادهٔ افزودهٔ هر نشانه در cases.kml اند.
dict-hxl-tag = هشتگ HXL
dict-pax = ستون‌های PA-X تنها جایی پر می‌شوند که فایل موافقت‌نامه ارزشی داشته باشد؛ شناسه‌ها، ارجاع‌ها و کدهای محتوای خود PA-X خالی گذاشته می‌شوند.
licence-title = جواز داده‌ها
licence-body = دادهٔ باز این استقرار تحت جواز Creative Commons Attribution 4.0 International نشر می‌شود: می‌توانید آن را برای هر هدفی به اشتراک بگذارید و تغییر دهید، به شرط ذکر منبع و بیان تغییرات.
licence-cite = چنین استناد کنید: Truce، { $title }، دادهٔ باز، با تاریخ دانلود.
licence-conventions = فایل‌های به سبک ACLED، UCDP و HXL از قواعد ستون آن پروژه‌ها پیروی می‌کنند؛ هیچ دادهٔ ACLED یا UCDP ندارند و مورد تأیید آن‌ها نیستند.
licence-sample = جایی که این سایت می‌گوید دادهٔ نمونه دارد، فایل‌هایش نیز دارند: این‌ها مثال اند، نه ثبت رویدادها.
