# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Calendar messages (tr, Turkish): month names and date patterns; see en/calendar.ftl.
# Digits stay Western in every language (see src/web/calendar.rs).

# Group: date patterns. Machine-drafted, needs review.
date-gregorian = { $day } { $month } { $year }
date-persian = { $day } { $month } { $year } HŞ
date-islamic = { $day } { $month } { $year } H

# Group: Gregorian months. Machine-drafted, needs review.
month-gregorian-1 = Ocak
month-gregorian-2 = Şubat
month-gregorian-3 = Mart
month-gregorian-4 = Nisan
month-gregorian-5 = Mayıs
month-gregorian-6 = Haziran
month-gregorian-7 = Temmuz
month-gregorian-8 = Ağustos
month-gregorian-9 = Eylül
month-gregorian-10 = Ekim
month-gregorian-11 = Kasım
month-gregorian-12 = Aralık

# Group: Solar Hijri months, Afghan (zodiac) names. Machine-drafted, needs review.
month-persian-1 = Hamel
month-persian-2 = Sevr
month-persian-3 = Cevza
month-persian-4 = Seretan
month-persian-5 = Esed
month-persian-6 = Sünbüle
month-persian-7 = Mizan
month-persian-8 = Akrep
month-persian-9 = Kavs
month-persian-10 = Cedi
month-persian-11 = Delv
month-persian-12 = Hut

# Group: Islamic months. Machine-drafted, needs review.
month-islamic-1 = Muharrem
month-islamic-2 = Safer
month-islamic-3 = Rebiülevvel
month-islamic-4 = Rebiülahir
month-islamic-5 = Cemaziyelevvel
month-islamic-6 = Cemaziyelahir
month-islamic-7 = Recep
month-islamic-8 = Şaban
month-islamic-9 = Ramazan
month-islamic-10 = Şevval
month-islamic-11 = Zilkade
month-islamic-12 = Zilhicce
