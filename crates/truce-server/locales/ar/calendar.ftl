# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Calendar messages (ar, Arabic): month names and date patterns; see en/calendar.ftl.
# Digits stay Western in every language (see src/web/calendar.rs).

# Group: date patterns. Machine-drafted, needs review.
date-gregorian = { $day } { $month } { $year }
date-persian = { $day } { $month } { $year } هـ ش
date-islamic = { $day } { $month } { $year } هـ

# Group: Gregorian months. Machine-drafted, needs review.
month-gregorian-1 = يناير
month-gregorian-2 = فبراير
month-gregorian-3 = مارس
month-gregorian-4 = أبريل
month-gregorian-5 = مايو
month-gregorian-6 = يونيو
month-gregorian-7 = يوليو
month-gregorian-8 = أغسطس
month-gregorian-9 = سبتمبر
month-gregorian-10 = أكتوبر
month-gregorian-11 = نوفمبر
month-gregorian-12 = ديسمبر

# Group: Solar Hijri months, Afghan (zodiac) names. Machine-drafted, needs review.
month-persian-1 = الحمل
month-persian-2 = الثور
month-persian-3 = الجوزاء
month-persian-4 = السرطان
month-persian-5 = الأسد
month-persian-6 = السنبلة
month-persian-7 = الميزان
month-persian-8 = العقرب
month-persian-9 = القوس
month-persian-10 = الجدي
month-persian-11 = الدلو
month-persian-12 = الحوت

# Group: Islamic months. Machine-drafted, needs review.
month-islamic-1 = محرم
month-islamic-2 = صفر
month-islamic-3 = ربيع الأول
month-islamic-4 = ربيع الآخر
month-islamic-5 = جمادى الأولى
month-islamic-6 = جمادى الآخرة
month-islamic-7 = رجب
month-islamic-8 = شعبان
month-islamic-9 = رمضان
month-islamic-10 = شوال
month-islamic-11 = ذو القعدة
month-islamic-12 = ذو الحجة
