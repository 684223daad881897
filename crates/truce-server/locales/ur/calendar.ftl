# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Calendar messages (ur, Urdu): month names and date patterns; see en/calendar.ftl.
# Digits stay Western in every language (see src/web/calendar.rs).

# Group: date patterns. Machine-drafted, needs review.
date-gregorian = { $day } { $month } { $year }ء
date-persian = { $day } { $month } { $year } ہ ش
date-islamic = { $day } { $month } { $year }ھ

# Group: Gregorian months. Machine-drafted, needs review.
month-gregorian-1 = جنوری
month-gregorian-2 = فروری
month-gregorian-3 = مارچ
month-gregorian-4 = اپریل
month-gregorian-5 = مئی
month-gregorian-6 = جون
month-gregorian-7 = جولائی
month-gregorian-8 = اگست
month-gregorian-9 = ستمبر
month-gregorian-10 = اکتوبر
month-gregorian-11 = نومبر
month-gregorian-12 = دسمبر

# Group: Solar Hijri months, Afghan (zodiac) names. Machine-drafted, needs review.
month-persian-1 = حمل
month-persian-2 = ثور
month-persian-3 = جوزا
month-persian-4 = سرطان
month-persian-5 = اسد
month-persian-6 = سنبلہ
month-persian-7 = میزان
month-persian-8 = عقرب
month-persian-9 = قوس
month-persian-10 = جدی
month-persian-11 = دلو
month-persian-12 = حوت

# Group: Islamic months. Machine-drafted, needs review.
month-islamic-1 = محرم
month-islamic-2 = صفر
month-islamic-3 = ربیع الاول
month-islamic-4 = ربیع الثانی
month-islamic-5 = جمادی الاول
month-islamic-6 = جمادی الثانی
month-islamic-7 = رجب
month-islamic-8 = شعبان
month-islamic-9 = رمضان
month-islamic-10 = شوال
month-islamic-11 = ذوالقعدہ
month-islamic-12 = ذوالحجہ
