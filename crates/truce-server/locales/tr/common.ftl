# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# common messages (tr, Turkish). The reference is en/common.ftl.
# "test-fallback-probe" is left out on purpose: a test checks the English fallback with it.

## Frame of every page (machine-drafted, needs review)

site-name = Truce
skip-to-content = İçeriğe geç
nav-label = Ana menü
nav-findings = Bulgular
nav-reports = Raporlar
nav-data = Açık veri
nav-verify = Doğrula
nav-agreement = Anlaşma
nav-talks = Müzakereler
nav-desk = Masam
nav-admin = Yetkililer
nav-login = Giriş yap
nav-logout = Çıkış yap ({ $principal })
switch-language = Dil
switch-calendar = Takvim
calendar-gregorian = Miladi
calendar-persian = Hicri Şemsi
calendar-islamic = Hicri (Kameri)
sample-data = Örnek veri.
footer-log = Buradaki her değişiklik, herkese açık bir şeffaflık kaydında imzalı bir kayıttır.
not-found-title = Bulunamadı
not-found-body = Burada bir şey yok ya da görmenize izin verilen bir şey yok.

## Case statuses (machine-drafted, needs review)

status-reported = Bildirildi
status-acknowledged = Alındığı onaylandı
status-admitted = Kabul edildi
status-inadmissible = Kabul edilemez
status-merged = Başka bir vakayla birleştirildi
status-withdrawn = Bildiren tarafından geri çekildi
status-awaiting-reply = Yanıt bekleniyor
status-reply-received = Yanıt alındı
status-reply-overdue = Yanıt gecikti
status-under-investigation = İnceleniyor
status-findings-submitted = Bulgular sunuldu
status-deliberation = Müzakerede
status-determined = Karara bağlandı
status-appealed = İtiraz edildi
status-appeal-review = İtiraz inceleniyor
status-final = Kesinleşti
status-penalty-proposed = Yaptırım önerildi
status-penalty-deliberation = Yaptırım müzakerede
status-penalty-decided = Yaptırıma karar verildi
status-complied = Uyuldu
status-not-complied = Uyulmadı
status-closed = Kapatıldı

# The time zone switcher (lead).
switch-zone = Saat
