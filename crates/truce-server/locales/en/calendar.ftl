# Calendar messages (en): month names and date patterns of the three
# calendars, used by src/web/calendar.rs. Dates are UTC.
# $day and $year are numbers, $month is the month's name.

date-gregorian = { $day } { $month } { $year }
# SH: Solar Hijri (Hijri Shamsi).
date-persian = { $day } { $month } { $year } SH
# AH: Anno Hegirae. The Umm al-Qura tabulation.
date-islamic = { $day } { $month } { $year } AH

month-gregorian-1 = January
month-gregorian-2 = February
month-gregorian-3 = March
month-gregorian-4 = April
month-gregorian-5 = May
month-gregorian-6 = June
month-gregorian-7 = July
month-gregorian-8 = August
month-gregorian-9 = September
month-gregorian-10 = October
month-gregorian-11 = November
month-gregorian-12 = December

# The Solar Hijri months by the zodiac names used in Afghanistan.
month-persian-1 = Hamal
month-persian-2 = Sawr
month-persian-3 = Jawza
month-persian-4 = Saratan
month-persian-5 = Asad
month-persian-6 = Sunbula
month-persian-7 = Mizan
month-persian-8 = Aqrab
month-persian-9 = Qaws
month-persian-10 = Jadi
month-persian-11 = Dalw
month-persian-12 = Hut

month-islamic-1 = Muharram
month-islamic-2 = Safar
month-islamic-3 = Rabiʻ al-Awwal
month-islamic-4 = Rabiʻ al-Thani
month-islamic-5 = Jumada al-Ula
month-islamic-6 = Jumada al-Akhirah
month-islamic-7 = Rajab
month-islamic-8 = Shaʻban
month-islamic-9 = Ramadan
month-islamic-10 = Shawwal
month-islamic-11 = Dhu al-Qaʻdah
month-islamic-12 = Dhu al-Hijjah
