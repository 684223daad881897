# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Calendar messages (ps, Pashto): month names and date patterns; see en/calendar.ftl.
# Digits stay Western in every language (see src/web/calendar.rs).

# Group: date patterns. Machine-drafted, needs review.
date-gregorian = { $day } { $month } { $year }
date-persian = { $day } { $month } { $year } هـ ل
date-islamic = { $day } { $month } { $year } هـ ق

# Group: Gregorian months. Machine-drafted, needs review.
month-gregorian-1 = جنوري
month-gregorian-2 = فبروري
month-gregorian-3 = مارچ
month-gregorian-4 = اپریل
month-gregorian-5 = مۍ
month-gregorian-6 = جون
month-gregorian-7 = جولای
month-gregorian-8 = اګست
month-gregorian-9 = سېپتمبر
month-gregorian-10 = اکتوبر
month-gregorian-11 = نومبر
month-gregorian-12 = دسمبر

# Group: Solar Hijri months, Afghan (zodiac) names. Machine-drafted, needs review.
month-persian-1 = وری
month-persian-2 = غویی
month-persian-3 = غبرګولی
month-persian-4 = چنګاښ
month-persian-5 = زمری
month-persian-6 = وږی
month-persian-7 = تله
month-persian-8 = لړم
month-persian-9 = لیندۍ
month-persian-10 = مرغومی
month-persian-11 = سلواغه
month-persian-12 = کب

# Group: Islamic months. Machine-drafted, needs review.
month-islamic-1 = محرم
month-islamic-2 = صفر
month-islamic-3 = ربیع الاول
month-islamic-4 = ربیع الثاني
month-islamic-5 = جمادی الاولی
month-islamic-6 = جمادی الثاني
month-islamic-7 = رجب
month-islamic-8 = شعبان
month-islamic-9 = رمضان
month-islamic-10 = شوال
month-islamic-11 = ذوالقعده
month-islamic-12 = ذوالحجه
